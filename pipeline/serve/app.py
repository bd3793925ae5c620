"""The preview's HTTP side (Starlette on uvicorn): index, lessons, files, reload events.

Only files inside the output folder are served, by lesson id and plain file name; a
request naming anything else (``..``, ``%2e%2e``, an absolute path) is a 404.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import re
from pathlib import Path

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from pipeline.render.html import environment
from pipeline.render.templates import render
from pipeline.serve.state import Preview
from pipeline.serve.watch import watch

SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
RELOAD = ('<script>(function () {{ var source = new EventSource("/events?seen={gen}");'
          ' source.addEventListener("reload", function () {{ location.reload(); }}); }}());'
          "</script>")


def _page(preview: Preview, template: str, **context) -> HTMLResponse:
    root = preview.project.resolve()
    html = render(environment(root), template, root, preview=preview,
                  reload=Markup(RELOAD.format(gen=preview.generation)), **context)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def make_app(preview: Preview) -> Starlette:
    """The preview application; building and watching start with it and stop with it."""

    async def index(request: Request) -> Response:
        return _page(preview, "serve/index.html", lessons=sorted(preview.lessons.values(),
                                                                 key=lambda v: v.id))

    async def lesson(request: Request) -> Response:
        ident = request.path_params["lesson_id"]
        view = preview.lessons.get(ident)
        if view is None or not SAFE_ID.fullmatch(ident):
            return _page(preview, "serve/missing.html", ident=ident)
        built = preview.out_dir / view.files.get("web", "-")
        if view.problems or view.failures or not built.is_file():
            return _page(preview, "serve/problems.html", view=view)
        html = built.read_text(encoding="utf-8")
        reload = RELOAD.format(gen=preview.generation)
        return HTMLResponse(html.replace("</body>", reload + "</body>", 1),
                            headers={"Cache-Control": "no-store"})

    async def files(request: Request) -> Response:
        ident, name = request.path_params["lesson_id"], request.path_params["name"]
        out = preview.out_dir.resolve()
        if not (SAFE_ID.fullmatch(ident) and SAFE_NAME.fullmatch(name)):
            return Response("not found", status_code=404)
        path = (out / ident / name).resolve()
        if not path.is_relative_to(out) or not path.is_file():
            return Response("not found", status_code=404)
        preview.viewed(name)            # built first after the next save
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=kind, headers={"Cache-Control": "no-store"})

    async def events(request: Request) -> Response:
        seen = int(request.query_params.get("seen", "0") or 0)

        async def stream():
            yield ": connected\n\n"
            while True:
                try:
                    generation = await asyncio.wait_for(preview.next_change(seen), 15)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield f"event: reload\ndata: {generation}\n\n"
                return

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        stop = asyncio.Event()
        await preview.rebuild()
        watcher = asyncio.create_task(watch(preview, stop))
        try:
            yield
        finally:
            stop.set()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await watcher
            preview.close()

    return Starlette(routes=[
        Route("/", index),
        Route("/lessons/{lesson_id}/", lesson),
        Route("/files/{lesson_id}/{name}", files),
        Route("/events", events),
    ], lifespan=lifespan)


def serve(paths: list[Path], out_dir: Path, project: Path, host: str, port: int,
          variants: int = 1) -> None:
    """Run the preview until Ctrl-C."""
    import uvicorn

    preview = Preview(paths, out_dir, project, variants)
    print(f"lessonpack: previewing {project.resolve()} on http://{host}:{port}/ "
          "(Ctrl-C to stop)", flush=True)
    uvicorn.run(make_app(preview), host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=1)

