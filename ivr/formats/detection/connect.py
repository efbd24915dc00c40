"""How the Amazon Connect reader (:mod:`ivr.formats.connect`) recognises a flow."""

from __future__ import annotations

import re

__all__ = ["detect"]

_ACTIONS = re.compile(rb'\\?"(?:StartAction|Actions)\\?"\s*:')
_LEGACY = re.compile(rb'"modules"\s*:\s*\[')
#: Flows deployed as code (CloudFormation, Terraform, CDK), and CloudFormation templates, Terraform files of Connect
#: resources and CDK stacks with none:
#: the Connect reader says that no flow is in them, where any other reader would misread them.
_DEPLOYED = re.compile(rb'AWS::Connect::ContactFlow|resource\s+"aws_connect_\w+"|\bCfnContactFlow\b|'
                       rb'^AWSTemplateFormatVersion\s*:|^[ \t]*"AWSTemplateFormatVersion"\s*:|'
                       rb'^Transform\s*:\s*AWS::Serverless|^[ \t]+Type[ \t]*:\s*[\'"]?AWS::\w+::|from\s+[\'"]aws-cdk-lib', re.M)


def detect(data: bytes, name: str) -> bool:
    """The flow language's ``StartAction`` and ``Actions`` (also escaped inside ``Content``), the legacy ``modules``,
    or a deployment file of Connect flows (or a CloudFormation template, a CDK stack)."""
    head = data[:200_000]
    return (len(set(_ACTIONS.findall(head))) >= 2 or bool(_LEGACY.search(head) and b'"branches"' in head)
            or bool(_DEPLOYED.search(data[:1_000_000])))
