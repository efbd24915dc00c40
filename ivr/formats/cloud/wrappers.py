"""Find the JSON flow documents in a file: plain JSON, or wrapped in deployment code or JavaScript.

Flows are kept in repositories as the platform exports them, but also inside
the code that deploys them, often several in one file (:mod:`.deploy` reads
each resource that declares one):

* CloudFormation templates, JSON or YAML (``AWS::Connect::ContactFlow``);
* Terraform HCL, the flow resources' ``content``/``definition``: ``jsonencode({...})``
  read as JSON with HCL's bare references (``var.flow_sid``) taken as
  ``${var.flow_sid}``, heredocs, ``file()``/``templatefile()`` of a file beside;
  a Terraform file with no flow resource, only a ``jsonencode({...})``, is read at
  its first one;
* AWS CDK stacks (``new CfnContactFlow(...)``);
* a JavaScript module, ``const flowDefinition = {...}``: read when the object
  is written as JSON (quoted keys, no expressions), the way exports pasted into
  code are.

Anything else that is not JSON is refused with a message that names the
wrapper found and says what to export instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from ivr.formats.cloud import deploy
from ivr.formats.cloud.deploy import Documents, Found, Unread
from ivr.formats.cloud.jsonloc import JSONSyntaxError, Source, read_json
from ivr.formats.flow import FlowError
from ivr.model.errors import not_utf8_at
from ivr.model.menu import Location

__all__ = ["read_document", "read_documents", "read_each", "decode"]

_JSONENCODE = re.compile(r"\bjsonencode\s*\(\s*(?=\{)")
#: ``const flow = {``, ``module.exports = {``, and chained assignments (``module.exports = options = {``)
_JS_ASSIGN = re.compile(r"(?:\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)|\bmodule\.exports)\s*=\s*"
                        r"(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*=\s*)*(?=\{)")
_TEMPLATEFILE = re.compile(r"\btemplatefile\s*\(")
_TERRAFORM = re.compile(r'^[ \t]*resource\s+"[\w-]+"\s+"[^"\n]+"\s*\{', re.M)


def decode(raw: bytes, file: str) -> str:
    """The text of a file, or :class:`FlowError` when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        at = not_utf8_at(file, raw)
        raise FlowError(Location(file, at.line, at.column), "the file is not UTF-8 text; "
                        "export the flow again, or convert the file to UTF-8") from None


_FIX = "fix the JSON there (an editor with a JSON mode shows the spot), or export the flow again"


def _syntax(source: Source, exc: JSONSyntaxError, what: str, hint: str = _FIX) -> FlowError:
    line, column = source.line_column(exc.offset)
    return FlowError(Location(source.file, line, column, None), f"{what}: {exc.message}; {hint}")


def read_document(text: str, file: str, platform: str) -> tuple[object, str | None]:
    """The first flow document in ``text`` and the wrapper it was found in (None: plain JSON).

    ``platform`` names the flows expected, for messages (``Twilio Studio``).
    """
    found = read_documents(text, file, platform)
    if not found.found:
        first = found.unread[0]
        raise FlowError(first.location, f"{first.what}: {first.why}")
    return found.found[0].data, found.found[0].wrapper


def read_documents(text: str, file: str, platform: str) -> Documents:
    """Every flow document in ``text``: one for a flow file, one per resource of a deployment file.

    At least one is found or one resource said unread; a file with neither is refused
    (:class:`FlowError`, located, saying what the file is and what to pass instead).
    """
    where = deploy.PLATFORMS.get(platform, deploy.Platform(platform))
    source = Source(file, text)
    start = re.match(r"\s*", text).end()  # type: ignore[union-attr]
    if text.startswith(("{", "["), start):
        try:
            data = read_json(source)[0]
        except JSONSyntaxError as exc:
            raise _syntax(source, exc, "not valid JSON") from None
        if where.cloudformation and deploy.is_cloudformation_json(data):
            return _some(deploy.cloudformation(data, text, file, where), file, platform, "CloudFormation template")
        return Documents([Found(data, None)])
    if where.cloudformation and deploy.is_cloudformation_yaml(text):
        _, found = deploy.cloudformation_yaml(text, file, where)
        return _some(found, file, platform, "CloudFormation template")
    resources = deploy.terraform_resources(text, where)
    if resources:
        return deploy.terraform(text, file, where, resources)
    constructs = deploy.cdk_constructs(text, where)
    if constructs:
        return deploy.cdk(text, file, where, constructs)
    if where.terraform and _TERRAFORM.search(text):
        kinds = " or ".join(where.terraform)
        at = _TERRAFORM.search(text)
        line, column = source.line_column(at.start() if at else 0)
        raise FlowError(Location(file, line, column), f"this Terraform file declares no {kinds} resource: no "
                        f"{platform} flow is in it; pass the file that declares the flow, or the flow exported "
                        "as JSON")
    if where.cdk and deploy.is_cdk(text):
        offset, message = deploy.cdk_refusal(text, platform)
        line, column = source.line_column(offset)
        raise FlowError(Location(file, line, column), message)
    return Documents([Found(*_legacy(text, file, platform, source, start))])


def _some(found: Documents, file: str, platform: str, what: str) -> Documents:
    if found.found or found.unread:
        return found
    raise FlowError(Location(file, 1, 1), f"this {what} declares no {platform} flow (no "
                    f"{' or '.join(deploy.PLATFORMS[platform].cloudformation)} resource); pass the template that "
                    "declares the flow, or the flow exported as JSON (flow designer: Save > Export flow)")


def _legacy(text: str, file: str, platform: str, source: Source, start: int) -> tuple[object, str | None]:
    """The first ``jsonencode({...})`` or JavaScript object of a file that declares no flow resource."""
    wrapped = _JSONENCODE.search(text)
    if wrapped:
        try:
            return read_json(source, wrapped.end(), bare_refs=True, whole=False)[0], "Terraform jsonencode()"
        except JSONSyntaxError as exc:
            raise _syntax(source, exc, "the Terraform jsonencode({...}) here is not written as JSON that ivr can "
                                       "read (HCL expressions other than references)") from None
    assigned = _JS_ASSIGN.search(text)
    if assigned:
        try:
            return read_json(source, assigned.end(), whole=False)[0], "JavaScript module"
        except JSONSyntaxError as exc:
            raise _syntax(source, exc, "the JavaScript object here is not written as JSON (quoted keys, no "
                                       "expressions)", f"export the {platform} flow as JSON and check that file") from None
    if _TEMPLATEFILE.search(text):
        hint = "check the template file that templatefile() names instead"
    else:
        hint = f"pass the {platform} flow exported as JSON"
    first = text[start:start + 20].split("\n")[0]
    line, column = source.line_column(start)
    article = "an" if platform[:1] in "AEIOU" else "a"
    raise FlowError(Location(file, line, column), f"this is not {article} {platform} flow: it is not JSON (it "
                    f"starts with {first!r}) and holds no jsonencode({{...}}) or JavaScript object; {hint}")


T = TypeVar("T")


def read_each(found: Documents, read: Callable[[Found], T]) -> tuple[list[T], list[Unread]]:
    """Each flow document found, as ``read`` makes it, and the flows that cannot be read: a flow ``read`` refuses
    is one of those (the file's others are read on); :class:`FlowError` when the file declares that one flow
    alone, or when none can be read (at the first reason)."""
    documents: list[T] = []
    unread = list(found.unread)
    for each in found.found:
        try:
            documents.append(read(each))
        except FlowError as error:
            if len(found.found) + len(found.unread) == 1:
                raise
            unread.append(Unread(error.location, f"flow {each.name}", error.message))
    if not documents:
        first = unread[0]
        raise FlowError(first.location, f"{first.what}: {first.why}")
    return documents, unread
