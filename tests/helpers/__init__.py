"""Plumbing for the generator's tests, one module per kind of helper.

- ``rendering``: render this template with copier's API (``copier copy``, ``copier update``) and
  read what a render holds.
- ``commands``: run a command, pytest above all, inside a render with this interpreter.
- ``git``: git in a test's own repository, with one commit identity.
- ``edits``: edit a file the way a person would: one snippet, a written file, a notebook cell.
- ``template_releases``: a git clone of this template, changed and tagged like a release.
- ``pre_commit``: run a render's hooks, install them, commit through them.
- ``workflow_linters``: actionlint and zizmor over rendered GitHub workflows, offline.
- ``variants``: the render matrix, built from copier.yml's choices.
- ``expected_files``: the exact files a render holds, worked out from template/ itself.
- ``mutations``: bugs and benign edits to inject into a render, each with its catching test.
"""
