"""Every flow a deployment file declares: CloudFormation templates, Terraform, CDK stacks.

Flows are deployed as resources of infrastructure code, several in one file,
each holding its flow as JSON in one of a few ways. The platforms' own
documentation says where:

* CloudFormation, ``AWS::Connect::ContactFlow`` and ``AWS::Connect::ContactFlowModule``
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-connect-contactflow.html,
  .../aws-resource-connect-contactflowmodule.html): ``Properties.Content`` is "the content of
  the flow", a JSON string in the flow language (at most 256,000 characters), ``Name`` and
  ``Type`` beside it. Templates are JSON or YAML; the YAML short forms ``!Sub``, ``!Ref``,
  ``!GetAtt``, ``!Join`` ... are the long forms ``{"Fn::Sub": ...}`` written shorter
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
  They are read as data and never evaluated: a ``${Name}`` of ``Fn::Sub`` becomes the readable
  name of what its variable names (``!GetAtt Whisper.ContactFlowArn`` -> ``${Whisper.ContactFlowArn}``),
  a ``Ref`` in ``Fn::Join`` becomes ``${Name}``. A CDK-synthesised template is a JSON template.
* Terraform, ``aws_connect_contact_flow`` and ``aws_connect_contact_flow_module``
  (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/connect_contact_flow):
  ``content`` (a JSON string: ``jsonencode({...})``, a heredoc ``<<EOF``/``<<-EOF``,
  ``file(...)``, ``templatefile(...)``) or ``filename`` (a file holding it), ``name`` and
  ``type``; Twilio's ``twilio_studio_flows_v2`` holds its flow as ``definition``
  (https://registry.terraform.io/providers/twilio/twilio/latest/docs/resources/studio_flows_v2).
  A file named by ``file()``, ``templatefile()`` or ``filename`` is read only when it lies in
  the folder of the file given (``${path.module}`` is that folder), never elsewhere.
* AWS CDK (TypeScript, JavaScript), ``new CfnContactFlow(scope, id, {content, name, type})``
  (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_connect.CfnContactFlow.html):
  ``content: JSON.stringify({...})`` with the object written as JSON, or
  ``content: fs.readFileSync(...)`` of a file beside the stack.

Each flow found is named by its resource (the CloudFormation logical id, the Terraform resource
name, the CDK construct id), and known also by its ``Name`` and the references other
resources use for it (``Whisper.ContactFlowArn``, ``aws_connect_contact_flow.whisper``), so that
hand-offs between the flows of one file are followed. A resource whose flow cannot be read is
said as such (where, why), and the others are read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ivr.formats.cloud.jsonloc import JArray, JObject, JSONSyntaxError, Source, read_json
from ivr.formats.limits import MAX_DEPTH
from ivr.formats.native.located import LocatedDict, LocatedList, unpack
from ivr.formats.native.yamlfile import Tagged, read_yaml
from ivr.formats.sources import inside, is_git_source, read_file
from ivr.model.errors import InvalidMenu
from ivr.model.menu import Location

__all__ = ["Found", "Unread", "Documents", "Platform", "PLATFORMS", "is_cloudformation_yaml", "cloudformation",
           "terraform", "cdk", "cdk_refusal"]


@dataclass(slots=True)
class Found:
    """One flow document found in a file, and what the file says of it."""

    data: object
    #: what it was found in (``CloudFormation AWS::Connect::ContactFlow``); None: the file is the document
    wrapper: str | None
    #: the resource's name (logical id, Terraform resource name, CDK construct id)
    name: str | None = None
    #: every other name the flow is known by: its ``Name`` property, the references to it
    names: set[str] = field(default_factory=set)
    #: the flow's type as the resource gives it (``CONTACT_FLOW``, ``CUSTOMER_QUEUE``)
    kind: str | None = None
    #: where the resource is declared
    location: Location | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Unread:
    """A resource that declares a flow ivr could not read: where, which, and why."""

    location: Location
    what: str
    why: str


@dataclass(slots=True)
class Documents:
    found: list[Found] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Platform:
    """Where a platform's flows are in deployment files."""

    title: str
    cloudformation: tuple[str, ...] = ()
    #: Terraform resource type -> the arguments that hold the flow
    terraform: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cdk: tuple[str, ...] = ()
    #: the resource types above (CloudFormation, Terraform, CDK) that declare a module, a reusable part that other
    #: flows run, rather than a flow: what they hold gets the kind :data:`MODULE`
    modules: frozenset[str] = frozenset()


#: The kind of a flow a deployment file declares as a module (Amazon Connect's ContactFlowModule: "Flow modules are
#: reusable sections of a flow", admin guide, contact-flow-modules.html), not as a flow of a type.
MODULE = "FLOW_MODULE"

PLATFORMS = {
    "Amazon Connect": Platform(
        "Amazon Connect", ("AWS::Connect::ContactFlow", "AWS::Connect::ContactFlowModule"),
        {"aws_connect_contact_flow": ("content", "filename"),
         "aws_connect_contact_flow_module": ("content", "filename")},
        ("CfnContactFlow", "CfnContactFlowModule"),
        frozenset({"AWS::Connect::ContactFlowModule", "aws_connect_contact_flow_module", "CfnContactFlowModule"})),
    "Twilio Studio": Platform(
        "Twilio Studio", (), {"twilio_studio_flows_v2": ("definition",), "twilio_studio_flow": ("definition",)}),
}

_MISSING = object()


# ---------------------------------------------------------------- CloudFormation

_CFN_YAML = re.compile(r"^(?:AWSTemplateFormatVersion|Resources)\s*:", re.M)


def is_cloudformation_yaml(text: str) -> bool:
    """A YAML CloudFormation (or SAM) template: its top-level ``AWSTemplateFormatVersion`` or ``Resources``."""
    return bool(_CFN_YAML.search(text[:1_000_000]))


def is_cloudformation_json(data: object) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        return False
    return "AWSTemplateFormatVersion" in data or any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith(("AWS::", "Custom::"))
        for r in data["Resources"].values())


class _Template:
    """One CloudFormation template (JSON or YAML, its YAML short forms kept as data), walked for flows."""

    def __init__(self, file: str, text: str, platform: Platform, tags: dict[int, str] | None):
        self.file = file
        self.lines = text.split("\n")
        self.platform = platform
        self.tags = tags if tags is not None else {}
        self.yaml = tags is not None

    # --- places and intrinsic functions, the same for JSON and YAML

    def where(self, container: object, key: str | int) -> Location:
        if isinstance(container, (JObject, JArray)):
            return container.at(key)  # type: ignore[arg-type]
        if isinstance(container, LocatedDict) and key in container.positions:
            return container.value_location(self.file, str(key))
        if isinstance(container, LocatedList) and isinstance(key, int) and key < len(container.positions):
            line, column = unpack(container.positions[key], 2)
            return Location(self.file, line, column)
        return self.here(container)

    def key_where(self, container: object, key: str) -> Location:
        if isinstance(container, JObject):
            return container.key_at(key)
        if isinstance(container, LocatedDict) and key in container.positions:
            return container.key_location(self.file, key)
        return self.here(container)

    def here(self, container: object) -> Location:
        if isinstance(container, (JObject, JArray)):
            return container.here()
        if isinstance(container, (LocatedDict, LocatedList)):
            return Location(self.file, container.line, container.column)
        return Location(self.file, 1, 1)

    def intrinsic(self, value: object) -> tuple[str, object] | None:
        """``(function, argument)`` when ``value`` calls an intrinsic function, long or short form."""
        if isinstance(value, Tagged):
            return _long(value.tag), str(value)
        if isinstance(value, (dict, list)) and id(value) in self.tags:
            return _long(self.tags[id(value)]), value
        if isinstance(value, dict) and len(value) == 1:
            key = next(iter(value))
            if key in ("Ref", "Condition") or key.startswith("Fn::"):
                return key, value[key]
        return None

    def readable(self, value: object, depth: int = 0) -> str:
        """The text of ``value``, with every intrinsic function in it written as a readable name."""
        if isinstance(value, str) and not isinstance(value, Tagged):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        call = self.intrinsic(value)
        if call is None or depth > MAX_DEPTH:
            return "${...}"
        name, argument = call
        if name == "Ref":
            return "${" + self.readable(argument, depth + 1) + "}"
        if name == "Fn::GetAtt":
            if isinstance(argument, list):
                return "${" + ".".join(self.readable(a, depth + 1) for a in argument) + "}"
            return "${" + self.readable(argument, depth + 1) + "}"
        if name == "Fn::Sub":
            template, variables = self.sub_parts(argument)
            if template is None:
                return "${Sub}"
            return substitute(template, {k: self.readable(v, depth + 1) for k, v in variables.items()})
        if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list):
            return self.readable(argument[0], depth + 1).join(self.readable(p, depth + 1) for p in argument[1])
        if name == "Fn::If" and isinstance(argument, list) and argument:
            return "${If " + self.readable(argument[0], depth + 1) + "}"
        # Fn::Select, Fn::Split, Fn::ImportValue ...: the resource or parameter they work on names them
        named = self.first_reference(argument, depth + 1)
        return named if named is not None else "${" + name.removeprefix("Fn::") + "}"

    def first_reference(self, value: object, depth: int) -> str | None:
        """The readable name of the first ``Ref`` or ``Fn::GetAtt`` in ``value``."""
        if depth > MAX_DEPTH:
            return None
        call = self.intrinsic(value)
        if call is not None:
            if call[0] in ("Ref", "Fn::GetAtt"):
                return self.readable(value, depth)
            value = call[1]
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for item in items:
            found = self.first_reference(item, depth + 1)
            if found is not None:
                return found
        return None

    def sub_parts(self, argument: object) -> tuple[str | None, dict[str, object]]:
        if isinstance(argument, str):
            return str(argument), {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str) \
                and isinstance(argument[1], dict):
            return str(argument[0]), dict(argument[1])
        return None, {}

    # --- the flows

    def flows(self, data: object) -> Documents:
        found = Documents()
        resources = data.get("Resources") if isinstance(data, dict) else None
        if not isinstance(resources, dict):
            return found
        for logical, resource in resources.items():
            if not isinstance(resource, dict) or resource.get("Type") not in self.platform.cloudformation:
                continue
            kind = str(resource["Type"])
            at = self.key_where(resources, logical)
            properties = resource.get("Properties")
            what = f"{kind} {logical}"
            if not isinstance(properties, dict) or "Content" not in properties:
                found.unread.append(Unread(at, what, "it has no Properties.Content, where CloudFormation takes the "
                                           "flow (a JSON string in the flow language); this is not the resource "
                                           "AWS documents: export the flow from the flow designer instead"))
                continue
            try:
                document = self.content(properties, what)
            except _Skip as skip:
                found.unread.append(Unread(skip.location, what, skip.why))
                continue
            names = {str(logical), f"{logical}.Arn", f"{logical}.ContactFlowArn"}
            if "Name" in properties:
                names.add(self.readable(properties["Name"]))
            flow_type = properties.get("Type")
            document.name = str(logical)
            document.names |= names
            document.kind = self.readable(flow_type) if flow_type is not None else None
            if kind in self.platform.modules:
                document.kind = MODULE
            document.location = at
            document.wrapper = f"CloudFormation {kind}"
            found.found.append(document)
        return found

    def content(self, properties: dict, what: str) -> Found:
        value = properties["Content"]
        at = self.where(properties, "Content")
        call = self.intrinsic(value)
        variables: dict[str, object] = {}
        substituted = False
        if call is None:
            if not isinstance(value, str):
                raise _Skip(at, "its Content is not a string: CloudFormation takes the flow as a JSON string "
                                "(write it as one, or with !Sub)")
            text, place = str(value), at
        elif call[0] == "Fn::Sub":
            template, variables = self.sub_parts(call[1])
            if template is None:
                raise _Skip(at, "its Content is an Fn::Sub that is neither a string nor [string, {variables}]")
            text, substituted = template, True
            if not isinstance(call[1], str):
                place = self.where(call[1], 0)
            elif isinstance(value, dict) and "Fn::Sub" in value:  # the long form: the string is its value
                place = self.where(value, "Fn::Sub")
            else:
                place = at
        elif call[0] == "Fn::Join":
            argument = call[1]
            if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list)):
                raise _Skip(at, "its Content is an Fn::Join that is not [separator, [parts]]")
            text = self.readable(value)
            return self.parse(text, Source(self.file, text, fixed=(at.line or 1, at.column or 1)), at, what,
                              ["the flow's Content is an Fn::Join: its parts joined, each function in it as "
                               "${Name}; positions inside it are the line of the Join and a pointer"])
        else:
            raise _Skip(at, f"its Content comes from {self.readable(value)}, which this template does not hold; "
                            "pass the flow file itself")
        source, note = self.source(text, place)
        found = self.parse(text, source, place, what, [note])
        if substituted:
            names = {str(k): self.readable(v) for k, v in variables.items()}
            _substitute_all(found.data, names, at)
            found.notes.append("its ${...} placeholders (Fn::Sub) are read as the names they stand for, never "
                               "evaluated")
        return found

    def source(self, text: str, place: Location) -> tuple[Source, str]:
        """Where the Content string's text stands: line for line in the template when it is a YAML literal
        block (``|``), else at the string, with a pointer."""
        line, column = place.line or 1, place.column or 1
        if self.yaml and 0 < line <= len(self.lines):
            written = self.lines[line - 1][column - 1:]
            indicator = re.match(r"(?:![^\s]*\s+)?([|>])", written)
            if indicator and indicator.group(1) == "|":
                indent = self.indentation(text, line)
                if indent is not None:
                    return (Source(self.file, text, origin=(line + 1, indent)),
                            "read the flow out of its Content literal block: positions are the template's")
        return (Source(self.file, text, fixed=(line, column)),
                "read the flow out of its Content string: positions inside it are the line of the string and a "
                "pointer into the flow")

    def indentation(self, text: str, line: int) -> int | None:
        """The indentation of a literal block whose first line follows ``line``, when every line of ``text``
        is the template's line without it (else None: positions are then given at the string)."""
        indent = None
        for number, written in enumerate(text.split("\n")):
            index = line + number
            if not written.strip():
                continue
            if index >= len(self.lines):
                return None
            template = self.lines[index].rstrip("\r")
            if indent is None:
                indent = len(template) - len(written)
            if indent < 0 or template[indent:] != written.rstrip("\r") or template[:indent].strip():
                return None
        return indent

    def parse(self, text: str, source: Source, place: Location, what: str, notes: list[str]) -> Found:
        try:
            value, _ = read_json(source)
        except JSONSyntaxError as exc:
            line, column = source.line_column(exc.offset)
            where = "" if source.fixed is None else f" (at character {exc.offset + 1} of the string)"
            raise _Skip(Location(self.file, line, column), f"the flow in its Content is not valid JSON: "
                                                           f"{exc.message}{where}; export the flow again") from None
        if not isinstance(value, JObject):
            raise _Skip(place, "the flow in its Content must be a JSON object with Actions")
        return Found(value, None, notes=notes)


class _Skip(Exception):
    def __init__(self, location: Location, why: str):
        super().__init__(why)
        self.location = location
        self.why = why


def _long(tag: str) -> str:
    name = tag[1:]
    return name if name in ("Ref", "Condition") else f"Fn::{name}"


_PLACEHOLDER = re.compile(r"\$\{(!?)([^${}]*)\}")


def substitute(template: str, variables: dict[str, str]) -> str:
    """``template`` with each ``${Name}`` of ``variables`` replaced, ``${!Literal}`` written ``${Literal}`` (as
    Fn::Sub does), and every other ``${...}`` kept as the readable name it is."""

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            return "${" + match.group(2) + "}"
        return variables.get(match.group(2), match.group(0))

    return _PLACEHOLDER.sub(one, template) if "${" in template else template


#: Fn::Sub variables may make a flow's strings longer by this many characters in all: a name stands for each,
#: but a long value written once and named in thousands of strings must not take the machine.
SUBSTITUTED_TEXT = 1_000_000


def _substitute_all(data: object, variables: dict[str, str], at: Location) -> None:
    """Every string of a read flow with its Fn::Sub variables replaced (in place: positions are kept)."""
    grown = 0
    stack = [data]
    while stack:
        item = stack.pop()
        places = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else ()
        for place, value in list(places):
            if not isinstance(value, str):
                stack.append(value)
            elif "${" in value:
                replaced = substitute(value, variables)
                grown += len(replaced) - len(value)
                if grown > SUBSTITUTED_TEXT:
                    raise _Skip(at, f"its Fn::Sub variables make the flow's text more than {SUBSTITUTED_TEXT:,} "
                                    "characters longer, far more than any flow needs; write shorter values")
                item[place] = replaced  # type: ignore[index]


def cloudformation(data: object, text: str, file: str, platform: Platform,
                   tags: dict[int, str] | None = None) -> Documents:
    """The flows of a CloudFormation template already read (JSON: ``tags`` None)."""
    return _Template(file, text, platform, tags).flows(data)


def cloudformation_yaml(text: str, file: str, platform: Platform) -> tuple[object, Documents]:
    """The flows of a YAML CloudFormation template, read safely (PyYAML's safe loading, the short forms kept as
    data, aliases bounded as for any YAML ivr reads); InvalidMenu when it is not YAML."""
    tags: dict[int, str] = {}
    data, _ = read_yaml(text.encode("utf-8"), file, tags)
    return data, cloudformation(data, text, file, platform, tags)


# ---------------------------------------------------------------- Terraform

_TF_TOP = re.compile(r"^(?:resource|data|module|locals|variable|output|provider|terraform)\b", re.M)
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_]\w*)[ \t]*\r?\n")
_FILE_CALL = re.compile(r"(file|templatefile)\s*\(\s*\"((?:[^\"\\\n]|\\.)*)\"")
_QUOTED = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"")
_PATH_PREFIX = re.compile(r"^\$\{path\.(?:module|root|cwd)\}/")


def terraform_resources(text: str, platform: Platform) -> list[re.Match[str]]:
    if not platform.terraform:
        return []
    types = "|".join(re.escape(t) for t in platform.terraform)
    return list(re.finditer(r'^[ \t]*resource\s+"(' + types + r')"\s+"([^"\n]+)"\s*\{', text, re.M))


def terraform(text: str, file: str, platform: Platform, headers: list[re.Match[str]]) -> Documents:
    """The flows of the ``aws_connect_contact_flow`` (or Twilio) resources of a Terraform file."""
    source = Source(file, text)
    found = Documents()
    cache: dict[tuple[str, bool], Found] = {}  # each file beside read once, however many resources name it
    for header in headers:
        kind, name = header.group(1), header.group(2)
        following = _TF_TOP.search(text, header.end())
        end = following.start() if following else len(text)
        at = source.pos(header.start() + (len(header.group(0)) - len(header.group(0).lstrip())), "")
        what = f"{kind}.{name}"
        arguments = platform.terraform[kind]
        value = re.compile(r"^[ \t]*(" + "|".join(arguments) + r")\s*=\s*", re.M).search(text, header.end(), end)
        if value is None:
            found.unread.append(Unread(at, what, f"it has no {' or '.join(arguments)} argument, where the provider "
                                                 "takes the flow"))
            continue
        try:
            document = _terraform_value(text, source, value.group(1), value.end(), file, end, cache)
        except _Skip as skip:
            found.unread.append(Unread(skip.location, what, skip.why))
            continue
        document.name = name
        document.names |= {what, name}
        label = re.compile(r'^[ \t]*(?:name|friendly_name)\s*=\s*"([^"\n]*)"', re.M).search(text, header.end(), end)
        if label:
            document.names.add(label.group(1))
        flow_type = re.compile(r'^[ \t]*type\s*=\s*"([^"\n]*)"', re.M).search(text, header.end(), end)
        document.kind = MODULE if kind in platform.modules else flow_type.group(1) if flow_type else None
        document.location = at
        found.found.append(document)
    return found


def _terraform_value(text: str, source: Source, argument: str, start: int, file: str, end: int,
                     cache: dict[tuple[str, bool], Found]) -> Found:
    at = source.pos(start, "")
    if text.startswith("jsonencode", start):
        opening = re.compile(r"jsonencode\s*\(\s*").match(text, start)
        if opening is None or not text.startswith("{", opening.end()):
            raise _Skip(at, "its jsonencode(...) does not hold an object written in place")
        try:
            value, _ = read_json(source, opening.end(), bare_refs=True, whole=False)
        except JSONSyntaxError as exc:
            line, column = source.line_column(exc.offset)
            raise _Skip(Location(file, line, column), f"its jsonencode({{...}}) is not written as JSON that ivr "
                        f"can read (HCL object syntax, key = value, or expressions other than references): "
                        f"{exc.message}; write the flow as JSON (as the flow designer exports it) or in a file "
                        "read with file()") from None
        return Found(value, "Terraform jsonencode()")
    heredoc = _HEREDOC.match(text, start)
    if heredoc:
        body = heredoc.end()
        closing = re.compile(r"^[ \t]*" + re.escape(heredoc.group(2)) + r"[ \t]*\r?$", re.M).search(text, body, end)
        if closing is None:
            raise _Skip(at, f"its heredoc <<{heredoc.group(1)}{heredoc.group(2)} is never closed")
        line, _ = source.line_column(body)
        inner = text[body:closing.start()]
        return _json_document(inner, Source(file, inner, origin=(line, 0)), at, "Terraform heredoc",
                              "the flow in its heredoc")
    call = _FILE_CALL.match(text, start)
    if call or argument == "filename":
        if call is None:
            quoted = _QUOTED.match(text, start)
            if quoted is None:
                raise _Skip(at, "its filename is not a quoted path; ivr reads a path written in place")
            written, how = quoted.group(1), "filename"
        else:
            written, how = call.group(2), f"{call.group(1)}()"
        return _beside(file, written, at, f"Terraform {how}", template=how == "templatefile()", cache=cache)
    end = text.find("\n", start)
    shown = text[start:end if end >= 0 else len(text)].strip()[:80]
    raise _Skip(at, f"its {argument} is {shown!r}, an expression ivr does not evaluate; write the flow with "
                    "jsonencode({...}), a heredoc or file(), or pass the flow file itself")


def _json_document(text: str, source: Source, at: Location, wrapper: str, what: str) -> Found:
    try:
        value, _ = read_json(source)
    except JSONSyntaxError as exc:
        line, column = source.line_column(exc.offset)
        raise _Skip(Location(source.file, line, column), f"{what} is not valid JSON: {exc.message}; export the flow "
                                                         "again") from None
    return Found(value, wrapper)


def _beside(file: str, written: str, at: Location, wrapper: str, *, template: bool = False,
            cache: dict[tuple[str, bool], Found] | None = None) -> Found:
    """The flow in the file that ``written`` names, read only when it lies in the folder of ``file`` (once for
    every ``cache`` it is read with)."""
    relative = _PATH_PREFIX.sub("", written)
    if cache is not None:
        key = (relative, template)
        if key not in cache:
            cache[key] = _beside(file, written, at, wrapper, template=template)
        kept = cache[key]
        return Found(kept.data, kept.wrapper, notes=list(kept.notes))
    if "${" in relative or "%{" in relative:
        raise _Skip(at, f"it names its file as {written!r}, through an expression ivr does not evaluate; pass the "
                        "flow file itself")
    folder = os.path.dirname(os.path.abspath(file))
    if os.path.isabs(relative) or not inside(os.path.join(folder, relative), folder):
        raise _Skip(at, f"its flow is in {relative!r}, outside the folder of this file, where ivr never reads; "
                        "pass that file itself")
    if is_git_source(file) or not os.path.isfile(file):
        raise _Skip(at, f"its flow is in {relative!r}, which ivr reads only beside a file on disk; pass that "
                        "file itself")
    path = os.path.normpath(os.path.join(os.path.dirname(file), relative))  # named as the file given is
    if not os.path.isfile(path):
        raise _Skip(at, f"its flow is in {relative!r}, which is not beside this file; pass that file itself")
    try:
        raw = read_file(path)
    except InvalidMenu as refused:
        raise _Skip(at, f"its flow is in {relative!r}, which ivr cannot read: {refused.errors[0].message}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Skip(at, f"its flow is in {relative!r}, which is not UTF-8 text") from None
    found = _json_document(text, Source(path, text), at, wrapper, f"the flow in {relative!r}")
    found.notes.append(f"read the flow from {relative!r}" + (
        ", a Terraform template: its ${...} placeholders are kept as the names they are" if template else ""))
    return found


# ---------------------------------------------------------------- CDK (TypeScript, JavaScript)

_STRING = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)"""
_READ_FILE = re.compile(r"(?:\bfs\.)?readFileSync\s*\(\s*(" + _STRING + r"|(?:path\.)?(?:join|resolve)\s*\(\s*"
                        r"__dirname\s*(?:,\s*" + _STRING + r"\s*)+\))")
_CDK = re.compile(r"\bfrom\s+['\"](?:aws-cdk-lib|@aws-cdk/)|require\(\s*['\"](?:aws-cdk-lib|@aws-cdk/)")


def cdk_constructs(text: str, platform: Platform) -> list[re.Match[str]]:
    if not platform.cdk:
        return []
    classes = "|".join(platform.cdk)
    return list(re.finditer(r"\bnew\s+(?:[\w$]+\.)*(" + classes + r")\s*\(\s*[\w$.]+\s*,\s*(" + _STRING +
                            r")\s*,\s*\{", text))


def is_cdk(text: str) -> bool:
    return bool(_CDK.search(text[:1_000_000]))


def _unquote(literal: str) -> str:
    return literal[1:-1]


def _path_of(call: str) -> str:
    """The relative path a ``readFileSync(...)`` argument names (``path.join(__dirname, 'a', 'b.json')``)."""
    parts = [_unquote(m.group()) for m in re.finditer(_STRING, call)]
    return "/".join(parts)


def cdk(text: str, file: str, platform: Platform, constructs: list[re.Match[str]]) -> Documents:
    """The flows of the ``CfnContactFlow`` constructs of a CDK stack."""
    source = Source(file, text)
    found = Documents()
    # each name declared (const x = ...) and where its value starts: found once, in one pass over the file
    declared: dict[str, int] = {}
    for match in re.finditer(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*", text):
        declared.setdefault(match.group(1), match.end())
    cache: dict = {}  # a flow named by many constructs (a declared name, a file) read once
    for construct in constructs:
        kind, name = construct.group(1), _unquote(construct.group(2))
        at = source.pos(construct.start(), "")
        what = f"{kind} {name}"
        following = re.compile(r"\bnew\s+[\w$.]+\s*\(").search(text, construct.end())
        end = following.start() if following else len(text)
        content = re.compile(r"\bcontent\s*:\s*").search(text, construct.end(), end)
        try:
            if content is None:
                raise _Skip(at, "it has no content property, where CDK takes the flow")
            document = _cdk_content(text, source, content.end(), file, declared, cache)
        except _Skip as skip:
            found.unread.append(Unread(skip.location, what, skip.why))
            continue
        document.name = name
        document.names.add(name)
        label = re.compile(r"\bname\s*:\s*(" + _STRING + ")").search(text, construct.end(), end)
        if label:
            document.names.add(_unquote(label.group(1)))
        flow_type = re.compile(r"\btype\s*:\s*(" + _STRING + ")").search(text, construct.end(), end)
        document.kind = MODULE if kind in platform.modules else _unquote(flow_type.group(1)) if flow_type else None
        document.location = at
        found.found.append(document)
    return found


def _cdk_content(text: str, source: Source, start: int, file: str, declared: dict[str, int] | None,
                 cache: dict) -> Found:
    """The flow of a ``content:`` value at ``start``; a name is followed once to its declaration (``declared``),
    whose flow is read once (``cache``: offset -> what it gave)."""
    if start in cache:
        kept = cache[start]
        if isinstance(kept, _Skip):
            raise kept
        return Found(kept.data, kept.wrapper, notes=list(kept.notes))
    try:
        found = _cdk_value(text, source, start, file, declared, cache)
    except _Skip as skip:
        cache[start] = skip
        raise
    cache[start] = found
    return Found(found.data, found.wrapper, notes=list(found.notes))


def _cdk_value(text: str, source: Source, start: int, file: str, declared: dict[str, int] | None,
               cache: dict) -> Found:
    at = source.pos(start, "")
    stringify = re.compile(r"JSON\.stringify\s*\(\s*").match(text, start)
    if stringify and text.startswith("{", stringify.end()):
        try:
            value, _ = read_json(source, stringify.end(), whole=False)
        except JSONSyntaxError as exc:
            line, column = source.line_column(exc.offset)
            raise _Skip(Location(file, line, column), f"the object given to JSON.stringify is not written as JSON "
                        f"(quoted keys, no expressions): {exc.message}; keep the flow in a JSON file read with "
                        "fs.readFileSync, or pass that file") from None
        return Found(value, "CDK JSON.stringify()")
    read = _READ_FILE.match(text, start)
    if read:
        return _beside(file, _path_of(read.group(1)), at, "CDK fs.readFileSync()", cache=cache)
    variable = re.compile(r"[A-Za-z_$][\w$]*").match(text, start)
    if variable and declared is not None and variable.group() in declared:
        return _cdk_content(text, source, declared[variable.group()], file, None, cache)
    end = text.find("\n", start)
    shown = text[start:end if end >= 0 else len(text)].strip()[:80]
    raise _Skip(at, f"its content is {shown!r}, an expression ivr does not evaluate; write JSON.stringify({{...}}) "
                    "with the flow as JSON, or fs.readFileSync of the flow file, or pass the flow file itself")


def cdk_refusal(text: str, platform: str) -> tuple[int, str]:
    """Where and why a CDK file that declares no flow is refused: the offset to point at, and the message."""
    read = _READ_FILE.search(text)
    if read:
        return read.start(), (f"this CDK stack declares no CfnContactFlow with its content: no {platform} flow is "
                              f"in it; it reads {_path_of(read.group(1))!r}: pass that flow file instead")
    return 0, (f"this CDK stack declares no CfnContactFlow with its content: no {platform} flow is in it; pass the "
               "flow exported as JSON (flow designer: Save > Export flow)")
