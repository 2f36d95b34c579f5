"""SCORM packages: building them (:mod:`.build`) and checking them (:mod:`.validate`).

Nothing is imported here, so that ``lms_bridge.scorm.validate`` stays cheap to import on its own
and the builder pulls in Jinja only when it runs. Import what you need from the submodules, e.g.
``from lms_bridge.scorm.build import build_package``.
"""
