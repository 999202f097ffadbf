package io.hutong.catalog.api;

/** Request and answer examples and descriptions of the interop platform API, for its OpenAPI document. */
final class InteropExamples {

    private InteropExamples() {
    }

    static final String QUERY_DOC = """
            `data`: one of `resources` (a requirement), `any_of` (requirements, the best candidates of all win) or \
            `ordered` (requirements tried in order, the first that finds candidates wins); `limit` (candidates, \
            default 10), `rejection_limit` (rejected offers listed, default 20), `userID` (recorded).

            A requirement: `accelerator` (a model, a set, or SkyPilot's `"A100:8"`), `accelerator_count`, `cpus`, \
            `memory` (GiB), `disk` (GiB) as `8` (exactly), `"8+"` (at least) or, for memory, `"4x"` (GiB per \
            vCPU); `region`, `zone`, `industry`, `provider` (`cloud`, `dbc`, `pack`, `local`, `peer`) as a value, \
            a list, `{"in": […]}` or `{"notin": […]}`; `max_price_per_hour`, `hours` (expected, default 1), \
            `nodes` (default 1), `interruptible` (rank and cap by the interruptible price).

            The answer: `candidates` ranked by score with its breakdown (`score.price`, `.availability`, \
            `.reliability`: value, weight, points) and cost; `zones` of the matches with their industries; \
            `rejected` offers with every reason; `summary` (offers, examined, matched, rejected by rule, not \
            examined because they could not outrank the candidates); `near_misses` when nothing fits; \
            `providers` and how each answered; `score` (the formula and its weights).""";

    static final String QUERY = """
            {"source": "ctyun", "session_identifier": "sess-20260101-001", "data": {"userID": "u-1001",
              "resources": {"accelerator": "A100", "accelerator_count": "1+", "cpus": "16+", "memory": "4x",
                "region": {"in": ["cn-huadong1", "cn-huabei2"]}, "industry": {"notin": ["energy"]},
                "max_price_per_hour": 50, "hours": 10, "provider": ["cloud", "dbc", "pack"]},
              "limit": 3, "rejection_limit": 5}}""";

    static final String QUERY_ORDERED = """
            {"source": "ctyun", "session_identifier": "sess-20260101-002", "data": {"userID": "u-1001",
              "ordered": [{"accelerator": "A100:8", "max_price_per_hour": 200},
                          {"accelerator": {"in": ["V100", "T4"]}, "accelerator_count": "1+", "interruptible": true}]}}""";

    static final String QUERY_ANSWER = """
            {"code": 0, "message": "ok", "data": {"mode": "resources",
              "candidates": [{"rank": 1, "offer": {"id": "pack:42", "provider": "pack", "provider_name": "A100 月包",
                  "region": "local", "industries": ["finance"], "instance_type": "pack", "accelerator": "A100",
                  "accelerator_count": 8, "vcpus": 64, "memory_gib": 512.0, "price_per_hour": 0.0, "currency": "CNY",
                  "available": 1, "hours_left": 120.0, "reliability": 1.0, "ref": "42", "source": "resource pack",
                  "refreshed_at": "2026-01-01 08:00:00"},
                "cost": {"price_per_hour": 0.0, "hours": 10.0, "nodes": 1, "total": 0.0, "currency": "CNY"},
                "score": {"total": 0.925, "price": {"value": 1.0, "weight": 0.6, "points": 0.6},
                  "availability": {"value": 0.75, "weight": 0.25, "points": 0.1875},
                  "reliability": {"value": 1.0, "weight": 0.15, "points": 0.15}}}],
              "zones": [{"provider": "cloud", "provider_name": "ctyun", "region": "cn-huadong1", "region_name": "华东1",
                "zone": "cn-huadong1-jsnj2A-public-ctcloud", "zone_name": "可用区2", "industries": ["finance", "healthcare"],
                "matches": 1, "best_score": 0.5296, "lowest_price_per_hour": 39.9}],
              "rejected": [{"offer_id": "cloud:ctyun:cn-huabei2-tj1A-public-ctcloud:p8a.32xlarge.8", "provider": "cloud",
                "provider_name": "ctyun", "region": "cn-huabei2", "zone": "cn-huabei2-tj1A-public-ctcloud",
                "instance_type": "p8a.32xlarge.8", "reasons": ["max_price_per_hour: 302.10 CNY/h is above 50"]}],
              "summary": {"offers": 25, "examined": 9, "matched": 3, "rejected": 22,
                "rejected_by_rule": {"provider": 2, "accelerator": 17, "max_price_per_hour": 2, "region": 1},
                "not_examined": 0},
              "providers": [{"provider": "cloud", "name": "ctyun", "status": "ok", "offers": 22,
                "refreshed_at": "2026-01-01 08:00:00"}],
              "score": {"formula": "score = price × w.price + …", "weights": {"price": 0.6, "availability": 0.25,
                "reliability": 0.15, "reference_cost": 100.0}}}}""";

    static final String TEMPLATE_DOC = """
            `data`: `template_id` (a template kept on the node, e.g. `gpu-training`, `two-party-psi`, \
            `three-party-training`) or `template` (one given inline, same shape as the admin API's), \
            `parameters` (overriding the template's defaults), `limit` (instances per step, default 5), `userID`. \
            The body is stored exactly as received as the operation record; the answer is the new task id and, \
            per step (per party of a BFIA step), the ranked instances, rejected offers and near misses.""";

    static final String TEMPLATE = """
            {"source": "ctyun", "session_identifier": "sess-20260101-003",
             "data": {"userID": "u-1001", "template_id": "gpu-training", "parameters": {"seconds": 600}, "limit": 3}}""";

    static final String TEMPLATE_ANSWER = """
            {"code": 0, "message": "ok", "data": {"task_id": "ct-5f0c…", "template_id": "gpu-training",
              "status": "planned", "parameters": {"seconds": 600, "image": "ubuntu.qcow2"},
              "steps": [{"step": "train", "kind": "training",
                "instances": [{"rank": 1, "offer": {"id": "pack:42", "provider": "pack"}, "cost": {"total": 0.0},
                               "score": {"total": 0.925}},
                              {"rank": 2, "offer": {"id": "dbc:4f1e…:1", "provider": "dbc"}, "cost": {"total": 2.2},
                               "score": {"total": 0.8541}}],
                "rejected": [{"offer_id": "local:node-a", "provider": "local",
                              "reasons": ["accelerator_count: 0, wants 1+"]}],
                "summary": {"offers": 6, "examined": 4, "matched": 3, "rejected": 3, "not_examined": 0}}]}}""";

    static final String PATH_DOC = """
            `data`: `task_id` and `path`: `[{"step", "party" (BFIA steps), "instance_id"}]`; a step left out takes \
            the instance ranked first. The chosen instances are checked against the catalog as it is now, then \
            carried out in one transaction: a training on a pack (the pack's time runs down while its job runs; \
            running out stops the job), a component on this node, a DBC VM, or a BFIA job with the chosen nodes \
            in place of the template's `${party}` placeholders. The answer is the execution record; \
            `/api/v1/task_status` reports it until the task ends.""";

    static final String PATH = """
            {"source": "ctyun", "session_identifier": "sess-20260101-003",
             "data": {"userID": "u-1001", "task_id": "ct-5f0c…", "path": [{"step": "train", "instance_id": "pack:42"}]}}""";

    static final String PATH_ANSWER = """
            {"code": 0, "message": "ok", "data": {"task_id": "ct-5f0c…", "template_id": "gpu-training",
              "status": "running", "source": "ctyun", "session_identifier": "sess-20260101-003",
              "created_at": "2026-01-01 08:00:00",
              "executions": [{"step": "train", "kind": "pack", "instance_id": "pack:42", "status": "running",
                "detail": "job job-8Qm… created",
                "links": {"job_id": "job-8Qm…", "pack_id": "42", "usage_record_id": "7"},
                "live": {"job_status": "RUNNING", "usage_running": true, "usage_seconds": 12},
                "source": "ctyun", "session_identifier": "sess-20260101-003", "started_at": "2026-01-01 08:01:00"}]}}""";

    static final String STATUS = """
            {"source": "ctyun", "session_identifier": "sess-20260101-003", "data": {"task_id": "ct-5f0c…"}}""";
}
