"""Generate large synthetic but realistic IVR menus (format version 1) for benchmarks.

The menu looks like a big contact centre's: a welcome message, a branch on
office hours, a main menu, then a tree of department menus (2-5 options on
keys 1-5, "0" to an agent in most menus, "*" back to the parent in some) whose
leaves are information messages, account-number inputs followed by a result
message, branches on office hours, transfers to several queues, voicemail and
hangups. Most menus and inputs set timeout, retries, no_input, no_match and
on_fail. Nodes are written in a mix of flow mappings (``{type: message, ...}``)
and block mappings, options likewise.

Every node is reachable from the start, every reference is defined and every
menu can reach a transfer, so ``ivr check`` walks the whole menu and reports
only a few warnings (the few menus and inputs left without ``on_fail``).

The output is deterministic for a given (nodes, seed) and has exactly
``nodes`` nodes::

    python benchmarks/generate.py 10000 -o benchmarks/out/menu-10000.yaml
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import deque

__all__ = ["generate_menu", "MIN_NODES"]

#: welcome, hours, holiday, closed, main, agents_general, voicemail, bye
MIN_NODES = 8

_DEPARTMENTS = {
    "billing": ["Balance", "Payments", "Payment plans", "Direct debit", "Refunds", "Invoices",
                "Late fees", "Paperless billing", "Payment methods", "Billing disputes"],
    "cards": ["Lost or stolen card", "Card activation", "Card limits", "PIN reset", "Travel notice",
              "Card replacement", "Disputed transactions", "Contactless payments", "Rewards points"],
    "loans": ["Personal loans", "Car loans", "Loan repayments", "Early settlement", "Loan statements",
              "Interest rates", "Loan applications", "Payment holidays"],
    "mortgages": ["New mortgages", "Remortgaging", "Overpayments", "Mortgage statements",
                  "Rate switch", "Mortgage arrears", "Property valuation"],
    "savings": ["Savings accounts", "Fixed term deposits", "Interest paid", "Withdrawals",
                "ISA transfers", "Regular saver", "Account closure"],
    "support": ["Online banking", "Mobile app", "Password reset", "Two step verification",
                "Locked account", "Technical problems", "Browser support", "Accessibility services"],
    "orders": ["Order status", "Delivery times", "Missing items", "Returns", "Exchanges",
               "Order changes", "Click and collect", "Gift cards"],
    "insurance": ["Home insurance", "Car insurance", "Travel insurance", "New claims",
                  "Claim status", "Policy changes", "Renewals", "Cancellations"],
    "fraud": ["Report fraud", "Suspicious messages", "Identity theft", "Blocked payments",
              "Scam advice", "Account security"],
    "accounts": ["Open an account", "Change of address", "Statements", "Joint accounts",
                 "Power of attorney", "Bereavement", "Business accounts", "Student accounts"],
}

_INFO_SENTENCES = [
    "Our lines are open from eight in the morning until eight in the evening, Monday to Friday.",
    "You can also manage this online at any time using our website or the mobile app.",
    "Most requests are completed within three working days.",
    "Please have your account number and date of birth ready when you speak to us.",
    "We will send you a confirmation by text message once this is done.",
    "There is no charge for this service.",
    "For your security, we will never ask for your full password or PIN.",
    "If you have already contacted us about this, there is no need to call again.",
    "Changes made today will appear on your next statement.",
    "Some services are not available on public holidays.",
    "You can find more information, including our terms and conditions, on our website.",
    "Calls may be recorded for training and quality purposes.",
    "We are currently experiencing higher call volumes than usual.",
    "Thank you for your patience while we improve our services.",
    "A letter with the details will be posted to the address we hold for you.",
    "If you are calling from abroad, international rates may apply.",
]
_RESULT_SENTENCES = [
    "Thank you, we have found your account.",
    "Your request has been received and is being processed.",
    "Your latest balance and recent transactions will now be read to you.",
    "Your details have been updated successfully.",
    "We could not find any recent changes on this account.",
    "A confirmation code has been sent to your registered mobile number.",
]
_SPANISH = [
    "Gracias por su llamada.",
    "Para continuar en español, espere en la línea.",
    "Nuestro horario es de lunes a viernes, de ocho a ocho.",
    "Por favor, tenga a mano su número de cuenta.",
]
_INPUT_PROMPTS = [
    "Please enter your {n} digit account number, followed by the hash key.",
    "Using your keypad, enter your {n} digit customer number, then press hash.",
    "Please key in the {n} digits of your policy number, followed by hash.",
    "For security, enter your {n} digit telephone banking passcode.",
    "Enter the {n} digit reference number from your letter, then press the hash key.",
]
_TRANSFER_PROMPTS = [
    "Please hold while we connect you to one of our advisers.",
    "Connecting you now. Your call is important to us.",
    "Please stay on the line and the next available adviser will take your call.",
    "Transferring you to our {dept} team. This call may be recorded.",
]
_VOICEMAIL_PROMPTS = [
    "Our {dept} team is closed. Please leave your name, number and a short message after the tone.",
    "Sorry, nobody is available to take your call. Please leave a message and we will call you back.",
]
_HANGUP_PROMPTS = [
    "Thank you for calling. Goodbye.",
    "Thank you for your call. We look forward to speaking with you again. Goodbye.",
    "Your request is complete. Thank you for calling, goodbye.",
]
_DIGIT_WORDS = {"0": "0", "1": "1", "2": "2", "3": "3", "4": "4", "5": "5", "*": "star", "#": "hash"}

# values YAML would read as something other than text when written plain
_IMPLICIT = re.compile(
    r"(?i:y|n|yes|no|true|false|on|off|null|~|[-+]?[0-9][0-9_.:,eE+-]*|[-+]?\.(inf|nan))"
)
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@` ")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _scalar(text: str, flow: bool) -> str:
    """``text`` as a YAML scalar: plain where that reads back as the same text, else double-quoted."""
    needs_quotes = (
        not text
        or text[0] in _PLAIN_START
        or text[-1] == " "
        or _IMPLICIT.fullmatch(text) is not None
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or (flow and any(c in text for c in ",[]{}:#"))
    )
    if not needs_quotes:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(key: str, rng: random.Random) -> str:
    """An option key: "*", "#" and "0" always quoted, digits 1-9 quoted or not (both are seen in menus)."""
    if key in ("*", "#", "0"):
        return f'"{key}"'
    return f'"{key}"' if rng.random() < 0.5 else key


class _Builder:
    """Grows the menu breadth-first, spending exactly the node budget."""

    def __init__(self, nodes: int, rng: random.Random):
        self.budget = nodes
        self.rng = rng
        self.nodes: dict[str, dict] = {}  # id -> fields, in file order
        self.counter = 0
        self.dept_agents: dict[str, str] = {}
        self.dept_voicemail: dict[str, str] = {}

    # -- bookkeeping ------------------------------------------------------
    @property
    def remaining(self) -> int:
        return self.budget - len(self.nodes)

    def add(self, node_id: str, fields: dict) -> str:
        assert node_id not in self.nodes and self.remaining > 0
        self.nodes[node_id] = fields
        return node_id

    def new_id(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}_{self.counter}"

    # -- text -------------------------------------------------------------
    def sentences(self, pool: list[str], low: int = 10, high: int = 30, first: str = "") -> str:
        """A few sentences from ``pool`` (after ``first``), between ``low`` and ``high`` words."""
        rng = self.rng
        target = rng.randint(low, high)
        words = first.split()
        chosen = [first] if first else []
        for sentence in rng.sample(pool, len(pool)):
            n = len(sentence.split())
            if len(words) >= low and len(words) + n > target:
                continue
            if len(words) + n > high:
                continue
            chosen.append(sentence)
            words += sentence.split()
            if len(words) >= target:
                break
        return " ".join(chosen)

    def prompt(self, text: str) -> str | dict:
        if self.rng.random() < 0.03:  # a few bilingual prompts
            return {"en": text, "es": self.rng.choice(_SPANISH)}
        return text

    # -- shared targets -----------------------------------------------------
    def agents(self, dept: str) -> str:
        """The department's agent transfer, created on first use while the budget lasts."""
        node_id = self.dept_agents.get(dept)
        if node_id is None:
            if dept == "general" or self.remaining < 1:
                return "agents_general"
            rng = self.rng
            fields = {"type": "transfer", "queue": dept,
                      "prompt": rng.choice(_TRANSFER_PROMPTS).format(dept=dept)}
            if rng.random() < 0.2:
                fields["number"] = f"+1800555{rng.randint(0, 9999):04d}"
            node_id = self.dept_agents[dept] = self.add(f"agents_{dept}", fields)
        return node_id

    def voicemail(self, dept: str) -> str:
        node_id = self.dept_voicemail.get(dept)
        if node_id is None:
            if self.remaining < 1:
                return "voicemail"
            fields = {"type": "voicemail", "mailbox": f"{dept}-out-of-hours",
                      "prompt": self.rng.choice(_VOICEMAIL_PROMPTS).format(dept=dept)}
            node_id = self.dept_voicemail[dept] = self.add(f"voicemail_{dept}", fields)
        return node_id

    # -- nodes --------------------------------------------------------------
    def skeleton(self) -> tuple[str, str]:
        """The fixed top of the menu; returns (main menu id, its department)."""
        self.add("welcome", {"type": "message", "goto": "hours",
                             "prompt": "Thank you for calling Northwind Bank. Calls may be recorded "
                                       "for training and quality purposes."})
        self.add("hours", {"type": "branch", "description": "office hours come from the platform calendar",
                           "branches": [{"when": "public holiday", "goto": "holiday"},
                                        {"when": "office hours", "goto": "main"}],
                           "otherwise": "closed"})
        self.add("holiday", {"type": "message", "goto": "bye",
                             "prompt": "Our offices are closed today for the public holiday. "
                                       "Please call back on the next working day."})
        self.add("closed", {"type": "message", "goto": "voicemail",
                            "prompt": "Our lines are open from eight in the morning until eight in the "
                                      "evening, Monday to Friday. Please leave a message after the tone."})
        self.add("main", {"type": "menu"})
        self.add("agents_general", {"type": "transfer", "queue": "general",
                                    "prompt": "Please hold while we connect you to an adviser."})
        self.add("voicemail", {"type": "voicemail", "mailbox": "general"})
        self.add("bye", {"type": "hangup", "prompt": "Thank you for calling Northwind Bank. Goodbye."})
        self.dept_agents["general"] = "agents_general"
        return "main", "general"

    def fill_menu(self, menu_id: str, parent: str | None, dept: str, queue: deque) -> None:
        """Give menu ``menu_id`` its options and fallbacks, creating children while the budget lasts."""
        rng = self.rng
        is_main = parent is None
        count = rng.choice((3, 4, 5, 5)) if is_main else rng.choice((2, 3, 3, 4, 4, 5))
        if is_main:
            topics = [d.capitalize() for d in rng.sample(sorted(_DEPARTMENTS), count)]
        else:
            topics = rng.sample(_DEPARTMENTS[dept], count)
        options: dict[str, tuple[str, str]] = {}  # key -> (label, target)
        for index, topic in enumerate(topics):
            key = str(index + 1)
            child_dept = topic.lower() if is_main else dept
            force_menu = not queue and index == 0
            options[key] = (topic, self.child(menu_id, child_dept, topic, queue, force_menu, is_main))
        human = rng.random() < (1.0 if is_main else 0.75)
        if human:
            options["0"] = ("Agent", self.agents(dept))
        on_fail = rng.random() < 0.96
        if not is_main and (rng.random() < 0.3 or not (human or on_fail)):
            options["*"] = ("Previous menu", parent)
        fields = self.nodes[menu_id]
        fields["prompt"] = self.prompt(self.menu_prompt(options))
        if rng.random() < 0.1:
            fields["description"] = f"{dept} menu, owned by the {dept} operations team"
        fields["options"] = options
        if rng.random() < 0.9:
            fields["timeout"] = rng.choice((5, 5, 6, 7, 8, 7.5))
        if rng.random() < 0.85:
            fields["retries"] = rng.choice((2, 3, 3))
        if rng.random() < 0.7:
            fields["no_input"] = menu_id
        if rng.random() < 0.5:
            fields["no_match"] = menu_id
        if on_fail:
            fields["on_fail"] = self.agents(dept)

    @staticmethod
    def menu_prompt(options: dict[str, tuple[str, str]]) -> str:
        parts = []
        for key, (label, _) in options.items():
            if key == "0":
                parts.append("To speak with an adviser, press 0.")
            elif key == "*":
                parts.append("To go back, press star.")
            else:
                topic = label if label[1:2].isupper() else label[0].lower() + label[1:]
                parts.append(f"For {topic}, press {_DIGIT_WORDS[key]}.")
        text = " ".join(parts)
        if len(text.split()) > 30:  # long menus use the terse form
            text = " ".join(f"{label}, {_DIGIT_WORDS[key]}." for key, (label, _) in options.items())
        return text

    def then(self, parent: str, dept: str, weights: tuple[int, int, int]) -> str:
        """Where a message goes on: back to its menu, goodbye, or the team (kept if the budget is spent)."""
        choice = self.rng.choices(("back", "bye", "agents"), weights=weights)[0]
        if choice == "agents" and (dept in self.dept_agents or self.remaining >= 2):
            return self.agents(dept)
        return "bye" if choice == "bye" else parent

    def child(self, parent: str, dept: str, topic: str, queue: deque, force_menu: bool, top: bool) -> str:
        """The target of one option of ``parent``: a new node (or small chain) or a shared node."""
        rng = self.rng
        stem = _slug(topic)
        remaining = self.remaining
        if remaining < 1:
            return rng.choice((self.agents(dept), self.agents(dept), "bye"))
        # keep the open menus' appetite in line with the budget so the tree fills it evenly
        grow = remaining > 8 * (len(queue) + 1)
        if force_menu or top or (grow and rng.random() < 0.42):
            menu_id = self.add(self.new_id(f"{stem}_menu"), {"type": "menu"})
            queue.append((menu_id, parent, dept))
            return menu_id
        roll = rng.random()
        if roll < 0.30:  # information message, then back, on, or goodbye
            then = self.then(parent, dept, (6, 2, 2))
            return self.add(self.new_id(f"{stem}_info"),
                            {"type": "message", "prompt": self.prompt(self.sentences(_INFO_SENTENCES)),
                             "goto": then})
        if roll < 0.50 and self.remaining >= 2:  # account number, then a result message
            input_id = self.new_id(f"{stem}_account")
            result_id = self.new_id(f"{stem}_result")
            digits = rng.choice((6, 8, 8, 10))
            fields = {"type": "input",
                      "prompt": self.prompt(rng.choice(_INPUT_PROMPTS).format(n=digits)),
                      "goto": result_id, "max_digits": digits}
            if rng.random() < 0.5:
                fields["min_digits"] = digits
            if rng.random() < 0.8:
                fields["timeout"] = rng.choice((7, 10, 10))
            if rng.random() < 0.8:
                fields["retries"] = rng.choice((2, 3))
            if rng.random() < 0.4:
                fields["no_match"] = input_id
            if rng.random() < 0.95:
                fields["on_fail"] = self.agents(dept)
            self.add(input_id, fields)
            if self.remaining < 1:  # the transfer just took the last slot
                fields["goto"] = self.agents(dept)
                return input_id
            then = self.then(parent, dept, (5, 3, 2))
            self.add(result_id, {"type": "message",
                                 "prompt": self.sentences(_RESULT_SENTENCES + _INFO_SENTENCES,
                                                          first=rng.choice(_RESULT_SENTENCES)),
                                 "goto": then})
            return input_id
        if roll < 0.65:  # during office hours to the team, otherwise to its voicemail
            branch_id = self.add(self.new_id(f"{stem}_hours"), {"type": "branch"})
            fields = self.nodes[branch_id]
            cases = [{"when": "office hours", "goto": self.agents(dept)}]
            if rng.random() < 0.3:
                cases.insert(0, {"when": "caller is a premium customer", "goto": self.agents("general")})
            fields["branches"] = cases
            fields["otherwise"] = self.voicemail(dept)
            return branch_id
        if roll < 0.85:  # a transfer to a specialist queue
            fields = {"type": "transfer", "queue": f"{dept}-{stem.replace('_', '-')}"}
            if rng.random() < 0.6:
                fields["prompt"] = self.prompt(rng.choice(_TRANSFER_PROMPTS).format(dept=dept))
            if rng.random() < 0.15:
                fields["number"] = f"+1800555{rng.randint(0, 9999):04d}"
            return self.add(self.new_id(f"{stem}_transfer"), fields)
        if roll < 0.95:
            return self.add(self.new_id(f"{stem}_voicemail"),
                            {"type": "voicemail", "mailbox": f"{dept}-{stem.replace('_', '-')}",
                             "prompt": rng.choice(_VOICEMAIL_PROMPTS).format(dept=dept)})
        return self.add(self.new_id(f"{stem}_goodbye"),
                        {"type": "hangup", "prompt": rng.choice(_HANGUP_PROMPTS)})

    def build(self) -> dict[str, dict]:
        main, dept = self.skeleton()
        queue: deque = deque()
        self.fill_menu(main, None, dept, queue)
        while queue:
            menu_id, parent, menu_dept = queue.popleft()
            self.fill_menu(menu_id, parent, menu_dept, queue)
        assert len(self.nodes) == self.budget, (len(self.nodes), self.budget)
        return self.nodes


# -- writing ------------------------------------------------------------------

_ORDER = ("type", "description", "prompt", "options", "goto", "max_digits", "min_digits", "timeout",
          "retries", "no_input", "no_match", "on_fail", "branches", "otherwise", "queue", "number", "mailbox")


def _value(value, flow: bool) -> str:
    if isinstance(value, str):
        return _scalar(value, flow)
    if isinstance(value, dict):  # a bilingual prompt
        return "{" + ", ".join(f"{k}: {_scalar(v, True)}" for k, v in value.items()) + "}"
    return str(value)


def _write_node(out: list[str], node_id: str, fields: dict, rng: random.Random) -> None:
    keys = [k for k in _ORDER if k in fields]
    simple = all(k not in fields for k in ("options", "branches"))
    if simple and rng.random() < 0.6:
        out.append(f"  {node_id}: {{" + ", ".join(f"{k}: {_value(fields[k], True)}" for k in keys) + "}")
        return
    out.append(f"  {node_id}:")
    for k in keys:
        value = fields[k]
        if k == "options":
            out.append("    options:")
            for key, (label, target) in value.items():
                if rng.random() < 0.75:
                    out.append(f"      {_key(key, rng)}: {{label: {_scalar(label, True)}, goto: {target}}}")
                else:
                    out.append(f"      {_key(key, rng)}:")
                    out.append(f"        label: {_scalar(label, False)}")
                    out.append(f"        goto: {target}")
        elif k == "branches":
            out.append("    branches:")
            for case in value:
                if rng.random() < 0.6:
                    out.append(f"      - {{when: {_scalar(case['when'], True)}, goto: {case['goto']}}}")
                else:
                    out.append(f"      - when: {_scalar(case['when'], False)}")
                    out.append(f"        goto: {case['goto']}")
        elif k == "prompt" and isinstance(value, dict) and rng.random() < 0.5:
            out.append("    prompt:")
            out.extend(f"      {lang}: {_scalar(text, False)}" for lang, text in value.items())
        else:
            out.append(f"    {k}: {_value(value, False)}")


def generate_menu(nodes: int, seed: int = 0) -> str:
    """YAML text of a valid menu with exactly ``nodes`` nodes; the same text for the same arguments."""
    if nodes < MIN_NODES:
        raise ValueError(f"a synthetic menu needs at least {MIN_NODES} nodes, not {nodes}")
    rng = random.Random(seed)
    built = _Builder(nodes, rng).build()
    out = [
        f"# Synthetic menu generated by benchmarks/generate.py ({nodes} nodes, seed {seed}).",
        f"ivr: Northwind Bank synthetic menu ({nodes} nodes)",
        "version: 1",
        "language: en",
        "start: welcome",
        "nodes:",
    ]
    for node_id, fields in built.items():
        _write_node(out, node_id, fields, rng)
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a large synthetic IVR menu (YAML) for benchmarks.")
    parser.add_argument("nodes", type=int, help=f"number of nodes (at least {MIN_NODES})")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    try:
        text = generate_menu(args.nodes, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
