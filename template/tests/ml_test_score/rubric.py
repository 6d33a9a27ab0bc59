"""The ML Test Score's 28 items (Breck et al. 2017) and what each status earns."""

from __future__ import annotations

#: The rubric, in the paper's order: item -> what good looks like.
RUBRIC = {
    "data-1": "Feature expectations are captured in a schema.",
    "data-2": "All features are beneficial.",
    "data-3": "No feature's cost is too much.",
    "data-4": "Features adhere to meta-level requirements.",
    "data-5": "The data pipeline has appropriate privacy controls.",
    "data-6": "New features can be added quickly.",
    "data-7": "All input feature code is tested.",
    "model-1": "Model specs are reviewed and submitted.",
    "model-2": "Offline and online metrics correlate.",
    "model-3": "All hyperparameters have been tuned.",
    "model-4": "The impact of model staleness is known.",
    "model-5": "A simpler model is not better.",
    "model-6": "Model quality is sufficient on important data slices.",
    "model-7": "The model is tested for considerations of inclusion.",
    "infra-1": "Training is reproducible.",
    "infra-2": "Model specs are unit tested.",
    "infra-3": "The ML pipeline is integration tested.",
    "infra-4": "Model quality is validated before serving.",
    "infra-5": "The model is debuggable.",
    "infra-6": "Models are canaried before serving.",
    "infra-7": "Serving models can be rolled back.",
    "monitor-1": "Dependency changes result in notification.",
    "monitor-2": "Data invariants hold for inputs.",
    "monitor-3": "Training and serving are not skewed.",
    "monitor-4": "Models are not too stale.",
    "monitor-5": "Models are numerically stable.",
    "monitor-6": "Computing performance has not regressed.",
    "monitor-7": "Prediction quality has not regressed.",
}
SECTIONS = {"data": "Data", "model": "Model", "infra": "Infrastructure", "monitor": "Monitoring"}
#: The paper's points: 1 for an automated check that fails when the item is violated, 0.5 for
#: a manual procedure whose results are recorded, nothing otherwise.
POINTS = {"automated": 1.0, "recorded": 0.5, "failed": 0.0, "unrecorded": 0.0, "missing": 0.0}


def section_of(item: str) -> str:
    """>>> section_of("monitor-3")
    'Monitoring'
    """
    return SECTIONS[item.partition("-")[0]]


def section_scores(statuses: dict[str, str]) -> dict[str, float]:
    """Each section's sum of points.

    >>> section_scores({"data-1": "automated", "data-2": "recorded", "model-1": "unrecorded"})
    {'Data': 1.5, 'Model': 0.0}
    """
    scores: dict[str, float] = {}
    for item, status in statuses.items():
        scores[section_of(item)] = scores.get(section_of(item), 0.0) + POINTS[status]
    return scores
