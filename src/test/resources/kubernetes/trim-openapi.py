#!/usr/bin/env python3
"""Cuts the Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json of a release) down to the
definitions that the kinds rendered by helm/outpost reach, unchanged. HelmChartTest makes them
strict (KubernetesSchemas.java); see README.md beside this file for the source and how to refresh.

    python3 trim-openapi.py swagger.json kubernetes-1.36-definitions.json
"""
import json
import sys
from collections import OrderedDict

# Every kind the chart can render (HelmChartTest fails on a rendered kind that has no schema here).
ROOTS = [
    "io.k8s.api.apps.v1.StatefulSet",
    "io.k8s.api.core.v1.ConfigMap",
    "io.k8s.api.core.v1.Secret",
    "io.k8s.api.core.v1.Service",
    "io.k8s.api.core.v1.ServiceAccount",
    "io.k8s.api.networking.v1.Ingress",
    "io.k8s.api.networking.v1.NetworkPolicy",
    "io.k8s.api.policy.v1.PodDisruptionBudget",
    "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
]
REF = "#/definitions/"


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value[len(REF):]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def main(source, target):
    with open(source, encoding="utf-8") as f:
        spec = json.load(f, object_pairs_hook=OrderedDict)
    definitions = spec["definitions"]
    keep, pending = set(), list(ROOTS)
    while pending:
        name = pending.pop()
        if name not in keep:
            keep.add(name)
            pending.extend(refs(definitions[name]))
    out = OrderedDict()
    out["swagger"] = spec["swagger"]
    out["info"] = spec["info"]
    out["definitions"] = OrderedDict((name, definitions[name]) for name in sorted(keep))
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(keep)} of {len(definitions)} definitions -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
