"""Stage 2: what every medium shares to render a lesson: the project's templates and labels,
Markdown, the render context of one target, and the registry of outputs."""
