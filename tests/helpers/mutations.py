"""Real bugs and benign edits to inject into a render, and the generated test that must catch each.

Each mutation replaces one exact snippet of one file of the generated package; a snippet that
is no longer found fails loudly, so a template change cannot silently disarm a mutation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.helpers.edits import replace_in
from tests.helpers.rendering import package_name


@dataclass(frozen=True)
class Mutation:
    name: str
    #: Relative to the project root; ``{package}`` stands for its package.
    file: str
    before: str
    after: str
    #: The generated tests to run (paths or -m expressions): only those that should catch it.
    pytest_args: tuple[str, ...]
    #: The generated test that must fail, as pytest names it in its summary (with its
    #: parameters, if any).
    caught_by: str

    def apply(self, root: Path) -> None:
        """Edit the file under ``root``: a generated project, or a copy of this template."""
        file = (
            self.file.format(package=package_name(root)) if "{package}" in self.file else self.file
        )
        replace_in(root / file, self.before, self.after)


TRAIN = "tests/training/test_train.py"
TROUBLESHOOTING = "tests/training/test_troubleshooting.py"
MEMORIZATION = "tests/training/test_memorization.py"
CLASSIFIER = "src/{package}/models/classifier.py"
CHECKPOINTS = "tests/training/test_checkpoints.py"
CRAFTED = "test_every_command_refuses_a_checkpoint_that_would_run_code"
DAMAGED = "test_every_command_refuses_a_damaged_checkpoint_naming_the_file"
QUALITY = "tests/model/test_quality.py"
PROMOTION = "tests/model/test_promotion.py"
REPRODUCIBILITY = "tests/training/test_reproducibility.py"
KEEPS_THE_CONFIGURED_RATE = "test_tuner_keeps_the_configured_rate_when_the_suggestion_does_worse"
PARITY = "tests/serving/test_parity.py"
SERVED_AS_TRAINED = "test_served_predictions_are_the_trained_models_on_the_test_split"
REQUESTS = "tests/serving/test_requests.py"
REFUSED = "test_bad_request_is_refused_naming_the_field_and_the_service_keeps_serving"
MONITOR = "tests/monitoring/test_monitor.py"
SERVING = "src/{package}/serving"
CLUSTER = "tests/training/test_cluster.py"
WARNED_JOB = "test_a_job_warned_by_the_cluster_checkpoints_is_requeued_and_resumes"
PREDICTION_LOG = "tests/serving/test_prediction_log.py"
TWO_WORKERS = "test_two_workers_log_one_whole_line_per_answered_request"
GPU = "tests/training/test_gpu.py"
GOLDENS = "tests/model/goldens"
MODEL_REVIEW = "tests/model/test_model_review.py"
DEPENDENCY_NOTIFICATIONS = "tests/unit/test_dependency_notifications.py"
PERFORMANCE_BUDGETS = "tests/unit/test_performance_budgets.py"
DATA_CARD = "tests/data/test_data_card.py"
LOG_PRIVACY = "tests/serving/test_log_privacy.py"
INPUTS_AND_SLICES = "tests/model/test_inputs_and_slices.py"
PREPROCESS = "src/{package}/data/preprocess.py"
CONFIGS = "tests/unit/test_configs.py"
TUNER_CAPS = "test_tuner_caps_the_batch_size_and_checks_its_learning_rate"
JUNK_POSTS = "test_junk_posts_elsewhere_are_not_logged_as_the_models_refusals"
INTERRUPTED = "tests/training/test_interrupted_runs.py"
SIGTERM_WHILE_TESTING = "test_sigterm_while_testing_exits_143_saying_how_to_test_again"
UNWRITABLE_LOG = "test_an_unwritable_log_withholds_answers_and_fails_health_until_it_recovers"
SCALED = "        return ((images.float() - self.low) / self.span).unsqueeze(1)\n"
CANARY = "tests/serving/test_canary.py"
CANARY_ROUTES = "test_canary_answers_its_share_of_clients_each_always_by_the_same_model"
ONLINE_ACCURACY = "tests/monitoring/test_online_accuracy.py"
LABELS_JOINED = "test_labels_sent_back_are_joined_to_the_requests_they_name"
LABELLED_SHARE_ONLY = "test_online_accuracy_counts_labelled_images_only_and_a_drop_fails_monitor"
SCHEDULED_MONITOR = "test_the_scheduled_monitor_fails_on_the_drifted_log_a_service_wrote"
#: The scheduled monitor as it was before issue 21: the committed model served on loopback, the
#: test split replayed to it, and that replay judged instead of the log the service wrote.
JUDGES_A_REPLAY = """replayed="$(mktemp -d)"
python -m ml_project.cli serve serving.model="${model}" serving.port=8791 \\
  serving.prediction_log="${replayed}/log.jsonl" serving.log_level=warning &
server=$!
trap 'kill "${server}"' EXIT
python -m ml_project.cli replay serving.port=8791
SERVED_LOG="${replayed}/log.jsonl" python -m ml_project.cli monitor serving.model="${model}" "$@"
"""

BUGS = [
    Mutation(
        name="gradients_never_reach_weights",
        file=CLASSIFIER,
        before="    def configure_optimizers(self)",
        # Gradients are computed, then wiped before every step: the weights never move.
        after="    def on_before_optimizer_step(self, optimizer) -> None:\n"
        "        optimizer.zero_grad()\n\n"
        "    def configure_optimizers(self)",
        pytest_args=(MEMORIZATION,),
        caught_by="test_memorizes_one_batch_within_epoch_budget",
    ),
    Mutation(
        name="labels_shuffled_within_batch",
        file=CLASSIFIER,
        before="        images, labels = batch\n",
        after="        images, labels = batch\n"
        "        labels = labels[torch.randperm(len(labels))]\n",
        pytest_args=(MEMORIZATION,),
        caught_by="test_memorizes_one_batch_within_epoch_budget",
    ),
    Mutation(
        name="data_value_out_of_range",
        file="src/{package}/data/digits.py",
        before="        bunch = load_digits()\n",
        # One pixel of one image at 17: above the scanner's maximum ink count of 16.
        after="        bunch = load_digits()\n        bunch.images[100, 4, 4] = 17.0\n",
        pytest_args=("tests/data/test_data_gate.py",),
        caught_by="test_data_passes_its_expectation_suites",
    ),
    Mutation(
        name="model_outputs_changed",
        file="src/{package}/models/cnn.py",
        before="            nn.ReLU(),\n            nn.Dropout(dropout),",
        after="            nn.GELU(),\n            nn.Dropout(dropout),",
        pytest_args=("tests/model/test_regression.py",),
        caught_by="test_golden_predictions_and_losses_are_unchanged",
    ),
    Mutation(
        name="nan_in_loss",
        file=CLASSIFIER,
        before="        loss = F.cross_entropy(logits, labels)\n",
        after="        loss = F.cross_entropy(logits, labels) + torch.log(torch.tensor(-1.0))\n",
        pytest_args=(f"{TRAIN}::test_fast_dev_run_trains_validates_and_tests",),
        caught_by="test_fast_dev_run_trains_validates_and_tests",
    ),
    # The bugs below each once slipped past the test that now catches them (issue 13).
    Mutation(
        name="trainer_precision_ignored",
        file="src/{package}/build.py",
        before="        profiler=profiler,\n",
        after='        profiler=profiler,\n        precision="32-true",\n',
        pytest_args=(f"{TROUBLESHOOTING}::test_mixed_precision_is_chosen_by_trainer_precision",),
        caught_by="test_mixed_precision_is_chosen_by_trainer_precision",
    ),
    Mutation(
        name="typo_in_a_logger_target",
        file="configs/logger/tensorboard.yaml",
        before="lightning.pytorch.loggers.TensorBoardLogger",
        after="lightning.pytorch.loggers.TensorboardLogger",
        pytest_args=("tests/unit/test_configs.py",),
        caught_by="test_group_option_composes_and_its_targets_import[logger=tensorboard]",
    ),
    Mutation(
        name="profile_preset_without_a_profiler",
        file="configs/debug/profile.yaml",
        before="  profiler: simple\n",
        after="  profiler: null\n",
        pytest_args=(f"{TROUBLESHOOTING}::test_debug_profile_alone_reports_where_time_goes",),
        caught_by="test_debug_profile_alone_reports_where_time_goes",
    ),
    Mutation(
        name="model_confuses_two_classes",
        file="src/{package}/models/cnn.py",
        before="        return self.head(features)  # (B, num_classes)\n",
        after="        return self.head(features)[:, [0, 1, 2, 8, 4, 5, 6, 7, 3, 9]]\n",
        pytest_args=("tests/model/test_regression.py",),
        caught_by="test_model_meets_each_hard_example_suite[hardest_val]",
    ),
    Mutation(
        name="tuner_batch_size_uncapped",
        file="src/{package}/tune.py",
        before="    batch_size = min(int(largest), cap)\n",
        after="    batch_size = int(largest)\n",
        pytest_args=(
            f"{TROUBLESHOOTING}::test_tuner_caps_the_batch_size_and_checks_its_learning_rate",
        ),
        caught_by="test_tuner_caps_the_batch_size_and_checks_its_learning_rate",
    ),
    Mutation(
        name="tuner_learning_rate_never_checked",
        file="src/{package}/tune.py",
        before="        return self.val_loss_suggested <= self.val_loss_configured\n",
        after="        return True\n",
        pytest_args=(f"{TROUBLESHOOTING}::{KEEPS_THE_CONFIGURED_RATE}",),
        caught_by=KEEPS_THE_CONFIGURED_RATE,
    ),
    Mutation(
        name="datamodule_cannot_be_pickled_for_ddp",
        file="src/{package}/data/base.py",
        before="        self._arrays: tuple[np.ndarray, np.ndarray] | None = None\n",
        after="        self._arrays: tuple[np.ndarray, np.ndarray] | None = None\n"
        "        self.on_load = lambda arrays: arrays\n",
        pytest_args=(f"{TRAIN}::test_ddp_on_cpu_runs_two_synced_processes",),
        caught_by="test_ddp_on_cpu_runs_two_synced_processes",
    ),
    Mutation(
        name="test_stage_skipped",
        file="src/{package}/train.py",
        before='    if cfg.get("test"):\n',
        after="    if False:\n",
        pytest_args=(f"{TRAIN}::test_fast_dev_run_trains_validates_and_tests",),
        caught_by="test_fast_dev_run_trains_validates_and_tests",
    ),
    Mutation(
        name="last_checkpoint_written_only_every_few_epochs",
        file="configs/callbacks/default.yaml",
        before="  save_top_k: 1\n",
        after="  save_top_k: 1\n  every_n_epochs: 4\n",
        pytest_args=(f"{TRAIN}::test_run_keeps_its_last_epoch_and_logs_every_epoch",),
        caught_by="test_run_keeps_its_last_epoch_and_logs_every_epoch",
    ),
    Mutation(
        name="configured_suites_and_committed_ones_disagree",
        file="configs/goldens/default.yaml",
        before="  splits: [val, test]\n",
        after="  splits: [val]\n",
        pytest_args=("tests/model/test_regression.py",),
        caught_by="test_each_configured_split_has_a_complete_hard_example_suite",
    ),
    Mutation(
        name="resume_ignores_its_checkpoint",
        file="src/{package}/train.py",
        before="ckpt_path=resume_from, weights_only=True)",
        after="ckpt_path=None, weights_only=True)",
        pytest_args=(f"{TRAIN}::test_resumed_run_ends_exactly_where_an_uninterrupted_one_does",),
        caught_by="test_resumed_run_ends_exactly_where_an_uninterrupted_one_does",
    ),
    Mutation(
        name="resume_forgets_the_dropout_generator",
        file=CLASSIFIER,
        before='            torch.set_rng_state(states["torch"])\n',
        after="            pass\n",
        pytest_args=(f"{TRAIN}::test_resumed_run_ends_exactly_where_an_uninterrupted_one_does",),
        caught_by="test_resumed_run_ends_exactly_where_an_uninterrupted_one_does",
    ),
    Mutation(
        name="checkpoint_loaded_with_pickle",
        file="src/{package}/checkpoints.py",
        before='map_location="cpu", weights_only=True)',
        after='map_location="cpu", weights_only=False)',
        pytest_args=(f"{CHECKPOINTS}::{CRAFTED}",),
        caught_by=f"{CRAFTED}[train]",
    ),
    Mutation(
        name="checkpoint_digest_unchecked",
        file="src/{package}/checkpoints.py",
        before="    if digest_of(contents) != checkpoint[DIGEST]:\n",
        # A resume then dies an epoch later, and evaluate reports flipped weights' accuracy.
        after="    if False:\n",
        pytest_args=(f"{CHECKPOINTS}::{DAMAGED}",),
        caught_by=f"{DAMAGED}[train-weights]",
    ),
    Mutation(
        name="nan_guard_ignores_epoch_metrics",
        file="src/{package}/callbacks/nan_guard.py",
        before="            if not math.isfinite(float(value)):\n",
        after="            if False:\n",
        pytest_args=(f"{TROUBLESHOOTING}::test_nan_guard_stops_at_the_first_non_finite_value",),
        caught_by="test_nan_guard_stops_at_the_first_non_finite_value[epoch metric]",
    ),
    # Serving and monitoring: the seams from training to the service, and what watches it.
    Mutation(
        name="served_model_skips_the_preprocessing",
        file="src/{package}/goldens/export.py",
        before="        return self.net(self.preprocess(images)).softmax(dim=1)\n",
        after="        return self.net(images.unsqueeze(1)).softmax(dim=1)\n",
        pytest_args=(f"{PARITY}::{SERVED_AS_TRAINED}",),
        caught_by=SERVED_AS_TRAINED,
    ),
    Mutation(
        name="service_takes_values_out_of_range",
        file=f"{SERVING}/schemas.py",
        before="Field(strict=True, allow_inf_nan=False, ge=low, le=high)",
        after="Field(strict=True, allow_inf_nan=False)",
        pytest_args=(REQUESTS,),
        caught_by=f"{REFUSED}[out of range]",
    ),
    Mutation(
        name="service_takes_nan",
        file=f"{SERVING}/schemas.py",
        before="allow_inf_nan=False",
        after="allow_inf_nan=True",
        pytest_args=(REQUESTS,),
        caught_by="test_bad_body_is_refused_and_the_service_keeps_serving[NaN]",
    ),
    Mutation(
        name="log_summarises_preprocessed_inputs",
        file=f"{SERVING}/prediction_log.py",
        before='"inputs": input_summaries(images),',
        after='"inputs": input_summaries(images / 16),',
        pytest_args=("tests/serving/test_prediction_log.py",),
        caught_by="test_each_request_appends_one_line_saying_what_was_served",
    ),
    Mutation(
        name="monitor_tolerates_any_drift_of_the_mean",
        file="src/{package}/monitoring/suites.py",
        before="    tolerance = limits.max_mean_shift * (high - low)\n",
        after="    tolerance = limits.max_mean_shift * (high - low) * 100\n",
        pytest_args=(f"{MONITOR}::test_shifted_inputs_fail_naming_the_drift",),
        caught_by="test_shifted_inputs_fail_naming_the_drift[inverted]",
    ),
    # Testing in production (issue 21): the canary, labels sent back, the scheduled monitor.
    Mutation(
        name="canary_never_routes",
        file=f"{SERVING}/canary.py",
        before="        return draw < self.share\n",
        # The candidate is loaded and reported, but no client ever gets it.
        after="        return False\n",
        pytest_args=(f"{CANARY}::{CANARY_ROUTES}",),
        caught_by=CANARY_ROUTES,
    ),
    Mutation(
        name="feedback_joined_to_the_wrong_request",
        file="src/{package}/monitoring/online.py",
        before="        labels = labels_of.get(request_id)\n",
        # Joined by arrival: the n-th label sent back goes to the n-th answer, whichever it names.
        after="        arrived = list(labels_of.values())\n"
        "        labels = arrived[len(matched)] if len(matched) < len(arrived) else None\n",
        pytest_args=(f"{ONLINE_ACCURACY}::{LABELS_JOINED}",),
        caught_by=LABELS_JOINED,
    ),
    Mutation(
        name="online_accuracy_over_unlabelled_images",
        file="src/{package}/monitoring/online.py",
        before="    accuracy = round(float(correct.mean()), 6) if len(labelled) else None\n",
        # The correct answers over every served image: each unlabelled one counts as wrong.
        after="    accuracy = round(float(correct.sum() / len(images)), 6) if len(labelled) "
        "else None\n",
        pytest_args=(f"{ONLINE_ACCURACY}::{LABELLED_SHARE_ONLY}",),
        caught_by=LABELLED_SHARE_ONLY,
    ),
    Mutation(
        name="scheduled_monitor_judges_a_replay",
        file="scripts/monitor-served.sh",
        before='python -m ml_project.cli monitor serving.model="${model}" "$@"\n',
        after=JUDGES_A_REPLAY,
        pytest_args=(f"tests/monitoring/test_scheduled_monitor.py::{SCHEDULED_MONITOR}",),
        caught_by=SCHEDULED_MONITOR,
    ),
    Mutation(
        name="export_dates_the_model_today",
        file="src/{package}/goldens/export.py",
        before="    trained_at = saved_at(weights)\n",
        after="    trained_at = datetime.now(timezone.utc)\n",
        pytest_args=(f"{MONITOR}::test_a_model_trained_long_ago_fails_as_stale",),
        caught_by="test_a_model_trained_long_ago_fails_as_stale",
    ),
    Mutation(
        name="accuracy_averaged_over_classes",
        file=CLASSIFIER,
        # torchmetrics' default: the mean of the classes' accuracies, not the share of samples.
        before='        self.test_accuracy = MulticlassAccuracy(classes, average="micro")\n',
        after="        self.test_accuracy = MulticlassAccuracy(classes)\n",
        pytest_args=(f"{TRAIN}::test_per_class_accuracies_add_up_to_the_test_accuracy",),
        caught_by="test_per_class_accuracies_add_up_to_the_test_accuracy",
    ),
    Mutation(
        name="confusion_matrix_transposed",
        file="src/{package}/plots.py",
        before='    axis.imshow(matrix, cmap="Blues")\n',
        after='    axis.imshow(matrix.T, cmap="Blues")\n',
        pytest_args=("tests/unit/test_plots.py",),
        caught_by="test_confusion_matrix_draws_the_counts_true_by_predicted",
    ),
    Mutation(
        name="profiler_report_printed_to_the_console",
        file="src/{package}/profiling.py",
        before="    return PROFILERS[name](dirpath=str(dirpath), filename=REPORT_NAME)\n",
        after="    return PROFILERS[name]()\n",
        pytest_args=(f"{TROUBLESHOOTING}::test_debug_profile_alone_reports_where_time_goes",),
        caught_by="test_debug_profile_alone_reports_where_time_goes",
    ),
    Mutation(
        name="overfit_preset_ends_without_a_verdict",
        file="src/{package}/callbacks/loss_threshold.py",
        before="            log.info(self.verdict())\n",
        after="            pass\n",
        pytest_args=(MEMORIZATION,),
        caught_by="test_overfit_preset_says_when_the_batch_was_not_memorized",
    ),
    Mutation(
        name="missing_tracker_package_ends_in_a_traceback",
        file="src/{package}/tracking.py",
        before="            if not isinstance(missing, ImportError):\n",
        after="            if True:\n",
        pytest_args=("tests/unit/test_trackers.py",),
        caught_by="test_a_tracker_without_its_package_names_its_extra",
    ),
    Mutation(
        name="gate_cache_ignores_the_shape",
        file="src/{package}/data_gate/cache.py",
        before='    return f"{table_fingerprint(table)[:24]}-{suites[:12]}"\n',
        after='    values = table.drop(columns=["shape", "dtype"])\n'
        '    return f"{table_fingerprint(values)[:24]}-{suites[:12]}"\n',
        pytest_args=("tests/data/test_data_gate.py",),
        caught_by="test_cache_key_covers_shape_and_dtype",
    ),
    # Quality gates, promotion, rollback and reproducibility (issue "Test in production", 2).
    Mutation(
        name="inputs_mirrored_under_the_golden_model",
        file="src/{package}/data/preprocess.py",
        before="        return ((images.float() - self.low) / self.span).unsqueeze(1)\n",
        # A loader that reads images flipped: the trained CNN falls to 0.38, while a logistic
        # regression fitted on the flipped pixels still scores 0.956.
        after="        return ((images.float() - self.low) / self.span).flip(-1).unsqueeze(1)\n",
        pytest_args=(f"{QUALITY}::test_golden_model_beats_a_logistic_regression_baseline",),
        caught_by="test_golden_model_beats_a_logistic_regression_baseline",
    ),
    Mutation(
        name="one_class_much_worse",
        file="src/{package}/models/cnn.py",
        before="        return self.head(features)  # (B, num_classes)\n",
        # The last class's score pushed down: its accuracy falls from 0.89 to 0.64 while the
        # overall accuracy (0.959) still beats the baseline.
        after="        logits = self.head(features)\n"
        "        return logits - 4.0 * (torch.arange(logits.shape[1]) == logits.shape[1] - 1)\n",
        pytest_args=(f"{QUALITY}::test_golden_model_meets_each_class_floor",),
        caught_by="test_golden_model_meets_each_class_floor",
    ),
    Mutation(
        name="promotion_ignores_the_golden_model",
        file="src/{package}/goldens/promotion.py",
        before="        if golden_accuracy - accuracy > quality.max_accuracy_drop:\n",
        after="        if False:\n",
        pytest_args=(
            f"{PROMOTION}::test_update_goldens_refuses_a_worse_model_naming_each_shortfall",
        ),
        caught_by="test_update_goldens_refuses_a_worse_model_naming_each_shortfall",
    ),
    Mutation(
        name="previous_model_kept_without_its_weights",
        file="src/{package}/goldens/rollback.py",
        before="MODEL_FILES = (WEIGHTS, GOLDENS, CARD)\n",
        after="MODEL_FILES = (GOLDENS, CARD)\n",
        pytest_args=(
            f"{PROMOTION}::test_forced_adoption_keeps_the_previous_model_and_rollback_restores_it",
        ),
        caught_by="test_forced_adoption_keeps_the_previous_model_and_rollback_restores_it",
    ),
    Mutation(
        name="rollback_dates_weights_it_does_not_have",
        file="src/{package}/goldens/rollback.py",
        before="    if replaced_written is not None:\n",
        after="    if True:\n",
        pytest_args=(
            "tests/unit/test_rollback.py::"
            "test_rollback_onto_a_golden_folder_without_weights_restores_the_previous_model",
        ),
        caught_by="test_rollback_onto_a_golden_folder_without_weights_restores_the_previous_model",
    ),
    Mutation(
        name="model_card_rewritten_every_time",
        file="src/{package}/goldens/card.py",
        before='        "weights_sha256": weights_digest(weights),\n',
        after='        "written_at": datetime.now(timezone.utc).isoformat(),\n'
        '        "weights_sha256": weights_digest(weights),\n',
        pytest_args=(f"{PROMOTION}::test_update_goldens_on_the_golden_model_changes_nothing",),
        caught_by="test_update_goldens_on_the_golden_model_changes_nothing",
    ),
    Mutation(
        name="seed_never_set",
        file="src/{package}/train.py",
        before="        L.seed_everything(cfg.seed, workers=True)\n",
        after="        pass\n",
        pytest_args=(REPRODUCIBILITY,),
        caught_by="test_same_seed_gives_identical_weights_and_another_seed_does_not",
    ),
    # The ML Test Score's items, each automated by a test that this bug turns red (issue 20).
    Mutation(
        name="test_samples_leak_into_training",
        file="src/{package}/data/split.py",
        before='        "train": np.sort(order[n_val + n_test :]),\n',
        after='        "train": np.sort(order[n_val:]),\n',
        pytest_args=("tests/unit/test_data_split.py",),
        caught_by="test_split_is_disjoint_and_complete",
    ),
    Mutation(
        name="dependabot_stops_watching_the_actions",
        file=".github/dependabot.yml",
        before="  - package-ecosystem: github-actions\n",
        after="  - package-ecosystem: docker\n",
        pytest_args=(DEPENDENCY_NOTIFICATIONS,),
        caught_by="test_every_kind_of_dependency_is_watched_on_a_schedule",
    ),
    # All hyperparameters have been tuned (model-3).
    Mutation(
        name="hyperparameter_changed_without_a_search",
        file="configs/model/cnn.yaml",
        before="lr: 0.00863971507274694\n",
        # The old hand-set rate back, with no search behind it.
        after="lr: 0.003\n",
        pytest_args=("tests/model/test_tuning.py",),
        caught_by="test_configs_hold_the_best_trial_of_the_recorded_search",
    ),
    # Computing performance (monitor-6).
    Mutation(
        name="performance_budget_cannot_fail",
        file="benchmarks/performance.py",
        before='        margin = baseline["margins"][figure.name]\n',
        # Every figure passes however much worse it gets: CI's performance job never fails.
        after='        margin = float("inf")\n',
        pytest_args=(PERFORMANCE_BUDGETS,),
        caught_by="test_a_figure_worse_than_its_margin_fails_the_performance_check",
    ),
    Mutation(
        name="performance_margin_too_wide_to_notice",
        file="benchmarks/performance_baseline.yaml",
        before="  train_samples_per_s: 1.5\n",
        # Training may get ten times slower before the job fails.
        after="  train_samples_per_s: 10\n",
        pytest_args=(PERFORMANCE_BUDGETS,),
        caught_by="test_a_figure_worse_than_its_margin_fails_the_performance_check",
    ),
    Mutation(
        name="performance_workflow_only_records",
        file=".github/workflows/performance.yml",
        before="        run: python benchmarks/performance.py\n",
        # The job rewrites the baseline with whatever it measured: it can never fail.
        after="        run: python benchmarks/performance.py --record\n",
        pytest_args=(PERFORMANCE_BUDGETS,),
        caught_by="test_the_performance_workflow_compares_every_change_with_the_baseline",
    ),
    Mutation(
        name="golden_model_adopted_outside_git",
        file=f"{GOLDENS}/model_card.json",
        before='  "git_commit": "7ceef0973bf34e90caa3dc0141df494aba4ba956",\n',
        after='  "git_commit": "unknown",\n',
        pytest_args=(MODEL_REVIEW,),
        caught_by="test_model_card_names_real_dates_and_the_commit_it_was_adopted_from",
    ),
    Mutation(
        name="golden_model_without_a_code_owner",
        file=".github/CODEOWNERS",
        before="/tests/model/goldens/",
        after="/tests/model/suites/",
        pytest_args=(MODEL_REVIEW,),
        caught_by="test_a_change_to_the_model_asks_its_owners_for_review",
    ),
    Mutation(
        name="dataset_without_a_licence",
        file="src/{package}/data/digits.py",
        before='        "licence": "CC BY 4.0",\n',
        after="",
        pytest_args=(DATA_CARD,),
        caught_by="test_every_dataset_config_names_a_complete_data_card[digits]",
    ),
    Mutation(
        name="data_gate_ignores_the_data_card",
        file="src/{package}/data_gate/gate.py",
        before="    require_data_card(datamodule)\n",
        after="",
        pytest_args=(DATA_CARD,),
        caught_by="test_data_gate_refuses_a_dataset_without_a_data_card",
    ),
    Mutation(
        name="prediction_log_keeps_raw_inputs_by_default",
        file=f"{SERVING}/prediction_log.py",
        before="        keep_raw_inputs: bool = False,\n",
        after="        keep_raw_inputs: bool = True,\n",
        pytest_args=(LOG_PRIVACY,),
        caught_by="test_prediction_log_holds_no_raw_input_unless_configured",
    ),
    Mutation(
        name="prediction_log_kept_forever",
        file=f"{SERVING}/prediction_log.py",
        before="    kept = [line for line in lines if not too_old(line, oldest)]\n",
        after="    kept = lines\n",
        pytest_args=(LOG_PRIVACY,),
        caught_by="test_records_past_the_retention_limit_are_deleted",
    ),
    Mutation(
        name="gate_reads_the_digits_suites_for_every_dataset",
        file="src/{package}/data_gate/suites/__init__.py",
        before='    spec = importlib.util.find_spec(f"{__name__}.{datamodule.name}")\n',
        after='    spec = importlib.util.find_spec(f"{__name__}.digits")\n',
        pytest_args=("tests/data/test_new_dataset.py",),
        caught_by="test_a_dataset_of_three_files_passes_the_gate_and_trains",
    ),
    Mutation(
        name="monitoring_lets_models_age_past_the_measured_interval",
        file="configs/monitoring/default.yaml",
        before="max_model_age_days: 90\n",
        # Served a year, on inputs drifting as recorded: 0.933, five times the allowed drop.
        after="max_model_age_days: 365\n",
        pytest_args=("tests/model/test_staleness.py",),
        caught_by="test_staleness_is_measured_for_this_model_and_held_by_the_age_limit",
    ),
    Mutation(
        name="preprocessing_blanks_the_border",
        file=PREPROCESS,
        before=SCALED,
        # The model never sees the outer ring: replacing it costs nothing, and data-2 names it.
        after="        inputs = ((images.float() - self.low) / self.span).unsqueeze(1)\n"
        "        inputs[..., [0, -1], :] = 0\n"
        "        inputs[..., :, [0, -1]] = 0\n"
        "        return inputs\n",
        pytest_args=(f"{INPUTS_AND_SLICES}::test_every_input_group_earns_its_keep",),
        caught_by="test_every_input_group_earns_its_keep",
    ),
    Mutation(
        name="preprocessing_blurred_without_its_cost_measured",
        file=PREPROCESS,
        before=SCALED,
        after="        inputs = ((images.float() - self.low) / self.span).unsqueeze(1)\n"
        "        return torch.nn.functional.avg_pool2d(inputs, 3, stride=1, padding=1)\n",
        pytest_args=("tests/model/test_input_costs.py",),
        caught_by="test_each_input_costs_what_its_budget_allows",
    ),
    Mutation(
        name="faint_strokes_erased",
        file=PREPROCESS,
        before=SCALED,
        # Pixels under 0.7 of the range dropped: thin strokes fall to 0.85 (floor 0.89), faint
        # images to 0.82, while the overall accuracy is still 0.87.
        after="        inputs = ((images.float() - self.low) / self.span).unsqueeze(1)\n"
        "        return torch.where(inputs < 0.7, 0.0, inputs)\n",
        pytest_args=(INPUTS_AND_SLICES,),
        caught_by="test_golden_model_meets_the_floor_of_every_slice_of_its_inputs",
    ),
    Mutation(
        name="data_gate_unlocked",
        file="src/{package}/data_gate/context.py",
        before="    with FileLock(Path(context.root_directory, "
        '"uncommitted", "checkpoint.lock")):\n',
        # Two processes validating at once rewrite each other's stored suites mid-checkpoint.
        after="    if True:  # no lock\n",
        pytest_args=("tests/data/test_data_gate.py::test_processes_validating_at_once_all_pass",),
        caught_by="test_processes_validating_at_once_all_pass",
    ),
    Mutation(
        name="session_override_skips_values",
        file="tests/hydra_configs.py",
        before="if override not in choices and holds(base, override_key(override))",
        # `--override seed=777` would then reach no config: the suite runs on the default seed.
        after="if override not in choices and False",
        pytest_args=(f"{CONFIGS}::test_session_override_reaches_every_config_that_has_its_key",),
        caught_by="test_session_override_reaches_every_config_that_has_its_key",
    ),
    Mutation(
        name="best_checkpoint_is_the_last",
        file="src/{package}/checkpoints.py",
        before='    if ckpt_path == "best":\n        return newest_best(train_runs_dir)\n',
        # The docs' `ckpt_path=best` would adopt the end of training, not the epoch train tested.
        after='    if ckpt_path == "best":\n        return newest_resumable(train_runs_dir)\n',
        pytest_args=(f"{TRAIN}::test_checkpoint_names_find_the_newest_runs_best_and_last_epochs",),
        caught_by="test_checkpoint_names_find_the_newest_runs_best_and_last_epochs",
    ),
    # Clusters and replicas (issue 19).
    Mutation(
        name="cluster_warning_requeues_before_any_checkpoint",
        file="src/{package}/callbacks/preemption.py",
        before="            signal.signal(warning, self._stop_as_on_sigterm)\n",
        # submitit's own handler then requeues mid-step, and the requeued job starts over.
        after="            pass\n",
        pytest_args=(f"{CLUSTER}::{WARNED_JOB}",),
        caught_by=WARNED_JOB,
    ),
    Mutation(
        name="slurm_trainer_ignores_the_allocation",
        file="configs/trainer/slurm.yaml",
        before="devices: ${hydra:launcher.tasks_per_node}\n",
        after="devices: auto\n",
        pytest_args=(f"{CLUSTER}::test_slurm_config_sizes_ddp_from_its_allocation",),
        caught_by="test_slurm_config_sizes_ddp_from_its_allocation",
    ),
    Mutation(
        name="local_twin_runs_jobs_one_after_another",
        file="configs/hydra/launcher/local.yaml",
        before="  - submitit_local\n",
        # Hydra's basic launcher: one run after another, in the calling process.
        after="  - basic\n",
        pytest_args=("tests/training/test_hparams_search.py",),
        caught_by="test_optuna_search_tries_the_space_and_reports_its_best_trial",
    ),
    Mutation(
        name="prediction_log_buffered_per_worker",
        file=f"{SERVING}/prediction_log.py",
        before='            append_line(self.path, line.encode("utf-8"))\n',
        # The file kept open, buffered: lines wait in each worker's buffer, then land in 8 KiB
        # pieces that cut lines in two and mix the workers' lines.
        after='            self.__dict__.setdefault("_file", self.path.open("a")).write(line)\n',
        pytest_args=(f"{PREDICTION_LOG}::{TWO_WORKERS}",),
        caught_by=TWO_WORKERS,
    ),
    Mutation(
        name="gpu_config_falls_back_to_the_cpu",
        file="configs/trainer/gpu.yaml",
        before="accelerator: gpu\n",
        after="accelerator: auto\n",
        pytest_args=(f"{GPU}::test_gpu_configs_ask_for_the_gpu_and_pass_the_config_checks",),
        caught_by="test_gpu_configs_ask_for_the_gpu_and_pass_the_config_checks",
    ),
    Mutation(
        name="ddp_ranks_cannot_start_from_the_command_line",
        file="src/{package}/cli.py",
        before="    if command not in COMMANDS and os.environ.get(COMMAND_VARIABLE) in COMMANDS:\n",
        # Lightning starts each further rank as `<project> <overrides>`: the command is gone.
        after="    if False:\n",
        pytest_args=(f"{GPU}::test_ddp_from_the_command_line_runs_its_ranks_in_one_run",),
        caught_by="test_ddp_from_the_command_line_runs_its_ranks_in_one_run",
    ),
    Mutation(
        name="tune_probes_checkpoint",
        file="src/{package}/tune.py",
        before="        cfg.trainer.enable_checkpointing = False\n",
        # Each probe leaves a checkpoint behind, for `train ckpt_path=last` to resume.
        after="",
        pytest_args=(f"{TROUBLESHOOTING}::{TUNER_CAPS}",),
        caught_by=TUNER_CAPS,
    ),
    Mutation(
        name="junk_posts_logged_as_refusals",
        file=f"{SERVING}/app.py",
        before='        if scope["method"] == "POST" and scope["path"] == "/predict":\n',
        # Any POST without Content-Length, to any path, logged as a refusal of the model.
        after='        if scope["method"] == "POST":\n',
        pytest_args=(f"{REQUESTS}::{JUNK_POSTS}",),
        caught_by=JUNK_POSTS,
    ),
    Mutation(
        name="torn_line_left_open",
        file=f"{SERVING}/prediction_log.py",
        before="        seal_torn_line(self.path)\n",
        # The restarted service glues its first record onto the torn line: both are lost.
        after="",
        pytest_args=(f"{PREDICTION_LOG}::test_a_torn_line_costs_only_itself",),
        caught_by="test_a_torn_line_costs_only_itself",
    ),
    Mutation(
        name="log_fields_unchecked",
        file=f"{SERVING}/prediction_log.py",
        before='        records.append(check_record(record, f"{path}, line {number}"))\n',
        # A record without a field crashes monitor later, with a traceback and exit 1.
        after="        records.append(record)\n",
        pytest_args=(f"{PREDICTION_LOG}::test_a_bad_record_is_named_with_its_line_and_field",),
        caught_by="test_a_bad_record_is_named_with_its_line_and_field[no status]",
    ),
    Mutation(
        name="unlogged_answers_served",
        file=f"{SERVING}/prediction_log.py",
        before="                raise LogNotWritten(self.failure) from None\n",
        # The answer goes out with no record behind it; /health still says ok.
        after="                pass\n",
        pytest_args=(f"{PREDICTION_LOG}::{UNWRITABLE_LOG}",),
        caught_by=UNWRITABLE_LOG,
    ),
    Mutation(
        name="sigterm_while_testing_exits_0",
        file="src/{package}/train.py",
        before='        with stops_explained(trainer, preemption, "test"):\n',
        # Only fitting guarded: SIGTERM while testing ends the run with status 0, no message.
        after="        if True:\n",
        pytest_args=(f"{INTERRUPTED}::{SIGTERM_WHILE_TESTING}",),
        caught_by=SIGTERM_WHILE_TESTING,
    ),
    Mutation(
        name="ctrl_c_silent",
        file="src/{package}/callbacks/preemption.py",
        before="        self.interrupted = isinstance(exception, KeyboardInterrupt)\n",
        # Ctrl-C: nothing saved, nothing said, status 1 (Lightning's sys.exit).
        after="        self.interrupted = False\n",
        pytest_args=(f"{INTERRUPTED}::test_ctrl_c_while_fitting_saves_and_says_how_to_resume",),
        caught_by="test_ctrl_c_while_fitting_saves_and_says_how_to_resume",
    ),
]


def guarding(file: str) -> tuple[str, ...]:
    """The generated tests that catch the bugs injected into ``file``: what an edit there that
    changes nothing must keep green."""
    return tuple(sorted({arg for bug in BUGS if bug.file == file for arg in bug.pytest_args}))


BENIGN = [
    Mutation(
        name="comment_added",
        file=CLASSIFIER,
        before="        images, labels = batch\n",
        after="        # A batch is (images, labels), as DigitsDataModule builds it.\n"
        "        images, labels = batch\n",
        pytest_args=guarding(CLASSIFIER),
        caught_by="",
    ),
    Mutation(
        name="local_variable_renamed",
        file=CLASSIFIER,
        before="        logits = self(images)\n        loss = F.cross_entropy(logits, labels)\n"
        "        predictions = logits.argmax(dim=1)\n",
        after="        scores = self(images)\n        loss = F.cross_entropy(scores, labels)\n"
        "        predictions = scores.argmax(dim=1)\n",
        pytest_args=guarding(CLASSIFIER),
        caught_by="",
    ),
]


#: Bugs in the template or its docs, each with the generator test that exists for it (issue 13:
#: these slipped past those tests before they were made stronger).
GENERATOR_BUGS = [
    Mutation(
        name="questions_table_loses_three_rows",
        file="docs/questions.md",
        before="| `author_name` |",
        after="Also asked: `author_name`, `author_email`, `license`.\n\n| `author_name_gone` |",
        pytest_args=("tests/test_docs.py::test_every_question_has_a_row_in_the_questions_table",),
        caught_by="test_every_question_has_a_row_in_the_questions_table",
    ),
    Mutation(
        name="license_file_always_mit",
        file="template/{% if license != 'proprietary' %}LICENSE{% endif %}.jinja",
        before="{% include 'template/includes/licenses/' ~ license ~ '.txt' %}",
        after="{% include 'template/includes/licenses/MIT.txt' %}",
        pytest_args=("tests/test_render.py::test_license_matches_answer",),
        caught_by="test_license_matches_answer",
    ),
    Mutation(
        name="adopted_gx_context_is_an_empty_one",
        file="template/.ml-testkit/gx/great_expectations.yml.jinja",
        before='{%- include "template/gx/great_expectations.yml.jinja" -%}',
        after="config_version: 4.0",
        pytest_args=("tests/test_adopt_onboarding.py::test_gx_context_opens_as_the_note_says",),
        caught_by="test_gx_context_opens_as_the_note_says",
    ),
]
