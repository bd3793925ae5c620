"""``lessonpack serve``: a live preview of a lesson project on loopback.

``state`` builds with the normal build engine (so its cache makes every rebuild
incremental) and remembers each lesson's problems and files; ``watch`` rebuilds on every
save; ``app`` serves the index, the lessons, their built files and a server-sent-events
stream that tells open pages to reload.
"""
