"""decap-server's protocol, one call at a time: checked, then built again from its checked parts.

Decap's proxy backend sends ``{"action": …, "params": {…}}`` to ``POST /api/v1``;
decap-server (``node_modules/decap-server/dist``, file-system mode) answers eleven
actions. :func:`vet` knows each of them and what every path in it may be
(``paths.Places``); it returns the call to pass on, holding only the checked values (an
unknown key is dropped, not passed on), and the files a successful call changes, which
are the only ones committed. Any other action, the editorial workflow's included (this
backend has none), is refused.

=========================  =============================================================
action                     paths, and what they must be
=========================  =============================================================
info, getDeployPreview     none (answered without a path)
entriesByFolder            ``folder``: a collection's folder
entriesByFiles, getEntry   ``files[].path``, ``path``: items
getMedia                   ``mediaFolder``: the media folder or a bundle
getMediaFile               ``path``: a media file
persistEntry               one data file: ``path`` an item; ``newPath`` (a move) an item of
                           the same collection that does not exist yet, not a bundle;
                           ``assets[].path``: media files of that item
persistMedia               ``asset.path``: a media file
deleteFile(s)              ``path``/``paths``: items of collections without bundles, or
                           media files
=========================  =============================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .fields import Shape
from .paths import Places, Refused

READS = ("info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia", "getMediaFile", "getDeployPreview")
WRITES = ("persistEntry", "persistMedia", "deleteFile", "deleteFiles")
MAX_MESSAGE = 500  # characters of a commit message
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class BadCall(Refused):
    """A call that is not decap-server's protocol (HTTP 422 rather than 403)."""


@dataclass
class Call:
    """A checked call: what to send to decap-server, and what it changes."""

    action: str
    request: dict[str, Any]
    item: str | None = None  # persistEntry: the item written (its new path after a move)
    shape: Shape | None = None
    moved_from: str | None = None  # persistEntry with newPath: the file to remove afterwards
    changes: list[str] = field(default_factory=list)  # every path written or deleted
    message: str = ""  # the commit message


def _text(value: object, what: str, limit: int = 10_000_000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise BadCall(f"forespørselen mangler {what}")
    return value


def _message(params: dict[str, Any]) -> str:
    options = params.get("options")
    message = options.get("commitMessage") if isinstance(options, dict) else None
    if not isinstance(message, str) or not message.strip():
        return "Endret fra skjemaet"
    return _CONTROL.sub(" ", message.strip())[:MAX_MESSAGE]


def vet(request: object, places: Places) -> Call:
    """The call ``request`` as it may go on to decap-server; Refused (or BadCall) if any
    part of it reaches outside what the form edits."""
    if not isinstance(request, dict) or not isinstance(request.get("action"), str):
        raise BadCall("forespørselen er ikke et kall til skjemaets lagring")
    action = request["action"]
    params = request.get("params")
    params = params if isinstance(params, dict) else {}
    branch = params["branch"] if isinstance(params.get("branch"), str) else "main"

    def call(**checked: Any) -> dict[str, Any]:
        return {"action": action, "params": {"branch": branch, **checked}}

    if action in ("info", "getDeployPreview"):
        return Call(action, {"action": action, "params": {"branch": branch}})
    if action == "entriesByFolder":
        folder = places.folder(params.get("folder"))
        extension = _text(params.get("extension"), "filtypen", 10)
        depth = params.get("depth")
        if extension not in ("md", "yml", "yaml") or not isinstance(depth, int) or isinstance(depth, bool) \
                or not 1 <= depth <= 3:
            raise BadCall("ugyldig mappeoppslag")
        return Call(action, call(folder=folder, extension=extension, depth=depth))
    if action == "entriesByFiles":
        files = params.get("files")
        if not isinstance(files, list):
            raise BadCall("forespørselen mangler filene")
        checked = []
        for entry in files:
            if not isinstance(entry, dict):
                raise BadCall("forespørselen mangler filene")
            one = {"path": places.item(entry.get("path"))[0]}
            if isinstance(entry.get("label"), str):
                one["label"] = entry["label"]
            checked.append(one)
        return Call(action, call(files=checked))
    if action == "getEntry":
        return Call(action, call(path=places.item(params.get("path"))[0]))
    if action == "getMedia":
        return Call(action, call(mediaFolder=places.folder(params.get("mediaFolder"))))
    if action == "getMediaFile":
        return Call(action, call(path=places.media(params.get("path"))))
    if action == "persistEntry":
        return _persist_entry(params, places, branch)
    if action == "persistMedia":
        asset = params.get("asset")
        if not isinstance(asset, dict):
            raise BadCall("forespørselen mangler filen")
        path = places.media(asset.get("path"))
        message = _message(params)
        return Call(action, call(asset=_asset(asset, path), options={"commitMessage": message}),
                    changes=[path], message=message)
    if action in ("deleteFile", "deleteFiles"):
        raw = [params.get("path")] if action == "deleteFile" else params.get("paths")
        if not isinstance(raw, list) or not raw:
            raise BadCall("forespørselen mangler filen som skal slettes")
        doomed = [_deletable(path, places) for path in raw]
        message = _message(params)
        which: dict[str, Any] = {"path": doomed[0]} if action == "deleteFile" else {"paths": doomed}
        return Call(action, call(**which, options={"commitMessage": message}), changes=doomed, message=message)
    raise BadCall(f"skjemaets lagring kjenner ikke handlingen «{action[:40]}»")


def _asset(asset: dict[str, Any], path: str) -> dict[str, str]:
    if asset.get("encoding") != "base64":
        raise BadCall("en fil må sendes base64-kodet")
    return {"path": path, "content": _text(asset.get("content"), "filens innhold", 200_000_000), "encoding": "base64"}


def _deletable(path: object, places: Places) -> str:
    """An item of a collection without bundles, or a media file; one that exists."""
    try:
        clean, shape = places.item(path)
    except Refused:
        try:
            clean, shape = places.media(path), None
        except Refused:
            places.clean(path)  # a path that is no path at all says so
            raise Refused(f"«{path}» kan ikke slettes fra skjemaet: bare sider, kull og opplastede filer "
                          "kan det") from None
    if shape is not None and shape.bundle:
        raise Refused(f"«{clean}»: et opptak slettes ikke fra skjemaet (tekstingen og videoen ville bli "
                      "liggende igjen); slett mappen i git")
    if not (places.root / clean).is_file():
        raise Refused(f"«{clean}» finnes ikke")
    return clean


def _persist_entry(params: dict[str, Any], places: Places, branch: str) -> Call:
    files = params.get("dataFiles")
    if files is None and isinstance(params.get("entry"), dict):
        files = [params["entry"]]
    if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], dict):
        raise BadCall("skjemaet lagrer én side om gangen")
    data = files[0]
    path, shape = places.item(data.get("path"))
    raw = _text(data.get("raw"), "sidens innhold")
    slug = _text(data.get("slug"), "sidens navn", 200)
    item, moved_from = path, None
    if data.get("newPath") not in (None, path):
        item, new_shape = places.item(data.get("newPath"))
        if new_shape is not shape or shape.bundle:
            raise Refused(f"«{path}» kan ikke flyttes til «{item}»: en side flyttes bare innenfor sin "
                          "samling, og et opptak ikke fra skjemaet")
        if (places.root / item).exists():
            raise Refused(f"«{item}» finnes fra før")
        if not (places.root / path).is_file():
            raise Refused(f"«{path}» finnes ikke")
        moved_from = path
    assets = params.get("assets") or []
    if not isinstance(assets, list) or not all(isinstance(a, dict) for a in assets):
        raise BadCall("forespørselen mangler filene")
    checked_assets = [_asset(a, places.asset(a.get("path"), item, shape)) for a in assets]
    message = _message(params)
    options = params.get("options")
    status = options.get("status") if isinstance(options, dict) else None
    status = status if isinstance(status, str) and status else "draft"  # decap-server wants one; fs mode ignores it
    request = {"action": "persistEntry", "params": {
        "branch": branch,
        "dataFiles": [{"slug": slug, "path": item, "raw": raw}],
        "assets": checked_assets,
        # No move by decap-server (with subfolders it moves a folder's every file); the one
        # file of a move is written at its new path, and the old one removed (server).
        "options": {"commitMessage": message, "useWorkflow": False, "status": status[:40], "hasSubfolders": False},
    }}
    changes = [item, *(a["path"] for a in checked_assets), *([moved_from] if moved_from else [])]
    return Call("persistEntry", request, item=item, shape=shape, moved_from=moved_from,
                changes=list(dict.fromkeys(changes)), message=message)

