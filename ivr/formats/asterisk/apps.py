"""What Asterisk applications mean to a caller, and how their targets are written.

Argument syntax (``Goto([[context,]extension,]priority)``, ``GotoIf(cond?true:false)``) and
the classes of applications the analysis tells apart. Semantics follow the Asterisk
application reference: ``Background`` plays while listening for keys, ``Playback`` does not;
``Dial`` and ``Queue`` go on at the next priority when nobody answers, the queue times out or
is full; ``WaitExten`` goes on at the next priority, then ``t``, then ``e`` when it times out.
"""

from __future__ import annotations

import re

from ivr.formats.asterisk.dialplan import split_args

__all__ = ["NOISE", "VOICEMAIL", "PROMPTS", "SPEECH", "HANGUPS", "HANDOFFS", "Target", "goto_target", "split_condition",
           "is_dynamic", "execif_prompt", "execif_apps", "freepbx_destination", "FREEPBX_RETURNS", "FREEPBX_DESTINATIONS", "KEYPAD_EXTENSION", "SPECIAL_EXTENSIONS", "keypad_can_dial"]

#: Applications that change nothing a caller hears or can do.
NOISE = frozenset({
    "answer", "noop", "set", "setvar", "verbose", "log", "wait", "ringing", "progress", "setcallerpres",
    "setmusiconhold", "dumpchan", "resetcdr", "nocdr", "sipaddheader", "pjsipaddheader", "setlanguage",
    "setcallerid", "setcidname", "setcidnum", "agi", "eagi", "fastagi", "deadagi", "macroexit", "stackpop",
    "exec", "tryexec", "importvar", "mixmonitor", "monitor", "stopmonitor", "userevent", "system", "trysystem",
    "dbdel", "dbdeltree", "celgenuserevent", "chanisavail", "waituntil", "playtones", "stopplaytones",
    "set", "unset", "sleep", "callcompletioncancel", "senddtmf", "sendtext", "handsetup", "bridgewait",
    # they return and the dialplan goes on; no person answers (app_echo, app_fax/res_fax, app_sms, app_dictate,
    # app_chanspy, app_record)
    "echo", "receivefax", "sendfax", "sms", "dictate", "chanspy", "record",
    # res_speech's set-up and tear-down (apps/app_speech_utils.c): they make the speech object, load, activate and
    # deactivate grammars, and change the sound played while the engine works; the caller hears nothing of them
    "speechcreate", "speechloadgrammar", "speechunloadgrammar", "speechactivategrammar", "speechdeactivategrammar",
    "speechstart", "speechdestroy", "speechprocessingsound",
})
#: Applications where the caller leaves or hears messages: voicemail, never a person (app_voicemail: VoiceMail,
#: VoiceMailMain, the mailbox owner's menu; app_minivm: MinivmRecord)
VOICEMAIL = frozenset({"voicemail", "voicemailmain", "minivmrecord"})
#: Applications that play something; ``background`` listens for keys while it plays.
PROMPTS = frozenset({"background", "playback", "saydigits", "saynumber", "sayalpha", "sayphonetic",
                     "sayunixtime", "saycountedadj", "saycountednoun", "datetime", "controlplayback",
                     "mp3player", "festival", "flite", "espeak", "saymoney",
                     # UniMRCP's text-to-speech (asterisk-unimrcp, doc/API.md: MRCPSynth(prompt[,options]))
                     "mrcpsynth"})
#: Applications that play a prompt and listen for what the caller says, then go on at the next priority with
#: the result in variables the dialplan tests: res_speech's ``SpeechBackground(prompt,timeout)`` (``SPEECH_TEXT(0)``,
#: ``SPEECH(results)``), UniMRCP's ``MRCPRecog(grammar,options)`` and ``SynthAndRecog(prompt,grammar,options)``
#: (``RECOGSTATUS``, ``RECOG_COMPLETION_CAUSE``, ``RECOG_RESULT``, ``RECOG_INSTANCE()``).
SPEECH = frozenset({"speechbackground", "mrcprecog", "synthandrecog"})
#: Applications that end the call.
HANGUPS = frozenset({"hangup", "busy", "congestion", "softhangup"})
#: Applications that hand the call to something the menu analysis does not follow.
HANDOFFS = frozenset({"page", "confbridge", "meetme", "directory", "disa", "followme", "park", "parkedcall",
                      "pickup", "directedpickup", "app_queue_log", "stasis", "transfer"})
#: Extension names a caller can dial: digits, * and #, or an ``_`` pattern.
KEYPAD_EXTENSION = re.compile(r"^(?:[0-9*#]+|_.+)$")
#: Extensions Asterisk itself enters (and FreePBX's internal ones), never options.
SPECIAL_EXTENSIONS = frozenset({"s", "i", "t", "e", "h", "T", "a", "o", "fax", "talk", "return", "hang",
                                "dest", "failover", "retivr"})

Target = tuple[str, str, str]

_KEYPAD = frozenset("0123456789*#")


def keypad_can_dial(name: str) -> bool:
    """Whether some string of phone keys matches the extension ``name``, as main/pbx.c (ext_cmp,
    _extension_match_core) matches patterns: after ``_``, ``X`` is 0-9, ``Z`` 1-9, ``N`` 2-9, ``[...]`` one of its
    characters (``a-b`` a range), ``.`` and ``!`` anything more, every other character itself. ``_stde[x]te[n]-.``
    (the sample's stdexten subroutine) is reached only by ``Goto``: no keypad has ``s``."""
    if not name.startswith("_"):
        return all(c in _KEYPAD for c in name)
    i = 1
    while i < len(name):
        char = name[i]
        if char == "[":
            end = name.find("]", i)
            if end < 0:
                return False
            body = name[i + 1:end]
            chars = {c for k, c in enumerate(body) if not (c == "-" and 0 < k < len(body) - 1)}
            for k in range(1, len(body) - 1):
                if body[k] == "-":
                    chars.update(chr(x) for x in range(ord(body[k - 1]), ord(body[k + 1]) + 1))
            if not chars & _KEYPAD:
                return False
            i = end + 1
            continue
        if char.upper() not in "XZN.!-" and char not in _KEYPAD:  # '-' is ignored (_1-800-NXX-XXXX)
            return False
        i += 1
    return True


def is_dynamic(text: str) -> bool:
    """True when ``text`` is computed at run time (``${VAR}``, ``$[expr]``)."""
    return "${" in text or "$[" in text


def goto_target(args: str, context: str, extension: str) -> Target | None:
    """``(context, extension, priority)`` of a ``Goto``-style target; None when nothing is written."""
    parts = [p.strip() for p in (split_args(args) if "," in args else args.split("|"))]
    if not any(parts):
        return None
    if len(parts) == 1:
        return context, extension, parts[0]
    if len(parts) == 2:
        return context, parts[0] or extension, parts[1] or "1"
    return parts[0] or context, parts[1] or extension, parts[2] or "1"


def _top_level(text: str, char: str, start: int = 0) -> int:
    depth = 0
    quoted = False
    for i in range(start, len(text)):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)  # one too many (FreePBX writes '$[...]]?label'): as if balanced
        elif c == char and depth == 0:
            return i
    return -1


def split_condition(args: str) -> tuple[str, str, str] | None:
    """``cond?true:false`` as its three parts (either target may be empty); None without a ``?``."""
    mark = _top_level(args, "?")
    if mark < 0:
        return None
    condition, rest = args[:mark].strip(), args[mark + 1:]
    colon = _top_level(rest, ":")
    if colon < 0:
        return condition, rest.strip(), ""
    return condition, rest[:colon].strip(), rest[colon + 1:].strip()


def execif_prompt(args: str) -> tuple[str, str] | None:
    """For ``ExecIf(cond?Background(x))`` (FreePBX's greeting): the application and its argument."""
    parts = split_condition(args)
    if parts is None:
        return None
    match = re.match(r"\s*(\w+)\s*\((.*)\)\s*$", parts[1], re.DOTALL)
    if match and match.group(1).lower() in PROMPTS:
        return match.group(1).lower(), match.group(2)
    return None


def execif_apps(args: str) -> tuple[str, tuple[str, str] | None, tuple[str, str] | None] | None:
    """``ExecIf(cond?App1(args):App2(args))`` as its condition and the application (lower case) and arguments run
    when it holds and when not (None: nothing); None without a ``?`` (apps/app_exec.c, execif_exec)."""
    parts = split_condition(args)
    if parts is None:
        return None
    runs: list[tuple[str, str] | None] = []
    for text in parts[1:]:
        match = re.match(r"\s*(\w+)\s*(?:\((.*)\))?\s*$", text, re.DOTALL)
        runs.append((match.group(1).lower(), match.group(2) or "") if match and text.strip() else None)
    return parts[0], runs[0], runs[1]


#: FreePBX's generated helpers that an inbound route, an IVR option or an extension calls with ``Gosub`` or
#: ``Macro`` and that return to the caller (they set caller id and variables, start recording, check the blacklist
#: or a caller id lookup with CURL, and Return/MacroExit): followed, their computed jumps (``Goto(${ARG1},1)``)
#: would end the path before the IVR behind the route. A blacklisted caller leaves there, not a caller of the IVR.
FREEPBX_RETURNS = frozenset({
    "sub-record-check", "sub-record-cancel", "recordcheck", "macro-user-callerid", "macro-blkvm-clr",
    "macro-blkvm-set", "macro-blkvm-setifempty", "macro-blkvm-check", "app-blacklist-check", "macro-prepend-cid",
    "sub-presencestate-display", "macro-get-vmcontext", "cidlookup", "macro-record-enable", "sub-rgsetcid",
    "macro-autoanswer", "ctset", "macro-setmusic", "sub-hungup", "macro-user-logon",
})

#: FreePBX's contexts of destinations (queues, ring groups, follow-me, extensions): a Goto into one names a
#: destination that FreePBX generated there, or one deleted since (an unknown target when the context is given).
FREEPBX_DESTINATIONS = frozenset({"ext-queues", "ext-group", "ext-findmefollow", "ext-local", "from-did-direct"})

#: FreePBX's ``app-blackhole`` destinations: how each ends the call.
BLACKHOLE = {"hangup": "hangs up", "busy": "plays busy, then hangs up", "congestion": "plays congestion, then "
             "hangs up", "ring": "rings forever", "musiconhold": "holds the caller forever with music",
             "zapateller": "plays the information tone, then hangs up", "no-service": "says the number is not in "
             "service, then hangs up"}


def freepbx_destination(context: str, extension: str) -> tuple[str, str] | None:
    """What a standard FreePBX destination is, when its context is not among the files given.

    ``(kind, detail)``: ``("hangup", how)``, ``("transfer", extension or queue)`` or
    ``("voicemail", mailbox)``; None for a destination ivr cannot name (an ``external``).
    """
    if context == "app-blackhole":
        return "hangup", f"app-blackhole: {BLACKHOLE.get(extension, extension)}"
    if context in ("ext-queues", "ext-group", "ext-findmefollow"):
        return "transfer", f"{context} {extension}"
    if context in ("from-did-direct", "ext-local", "from-internal") and extension.isdigit():
        return "transfer", f"{context} {extension}"
    if context == "ext-local" and extension[:3] in ("vmb", "vmu", "vms", "vmi"):
        return "voicemail", extension[3:]
    return None
