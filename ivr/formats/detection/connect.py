"""How the Amazon Connect reader (:mod:`ivr.formats.connect`) recognises a flow."""

from __future__ import annotations

import re

__all__ = ["detect"]

_ACTIONS = re.compile(rb'\\?"(?:StartAction|Actions)\\?"\s*:')
_LEGACY = re.compile(rb'"modules"\s*:\s*\[')
#: Flows deployed as code (CloudFormation, Terraform, CDK). Also, so that they are refused with the right reason
#: rather than read as ivr's YAML: YAML CloudFormation templates with none (a folder's *.yaml files are all read
#: anyway) and CDK stacks in TypeScript (never found in a folder: *.ts is not looked at). A Terraform, JSON or
#: JavaScript file with no flow resource is not recognised, so that checking a folder leaves it alone.
_DEPLOYED = re.compile(rb'AWS::Connect::ContactFlow|resource\s+"aws_connect_contact_flow|\bCfnContactFlow\b|'
                       rb'^AWSTemplateFormatVersion[ \t]*:|^Transform[ \t]*:[ \t]*AWS::Serverless|'
                       rb'^[ \t]+Type[ \t]*:[ \t]*[\'"]?AWS::\w+::', re.M)
_CDK = re.compile(rb'from\s+[\'"]aws-cdk-lib|require\(\s*[\'"]aws-cdk-lib')


def detect(data: bytes, name: str) -> bool:
    """The flow language's ``StartAction`` and ``Actions`` (also escaped inside ``Content``), the legacy ``modules``,
    or a deployment file of Connect flows (or a CloudFormation template, a CDK stack)."""
    head = data[:200_000]
    return (len(set(_ACTIONS.findall(head))) >= 2 or bool(_LEGACY.search(head) and b'"branches"' in head)
            or bool(_DEPLOYED.search(data[:1_000_000]))
            or (name.endswith((".ts", ".mts", ".cts")) and bool(_CDK.search(head))))
