package io.hutong.interconn.internal;

import io.hutong.node.PeerDialect;
import io.hutong.node.Peers;
import io.hutong.web.ApiException;

/**
 * Whether every party of a job can take its ids: Kuscia names Kubernetes objects by them, FATE-Flow
 * keeps 25 characters of a job id. A job no single form of id can serve is refused at create_all,
 * naming the party and the rule.
 */
final class PartyIds {

    private PartyIds() {
    }

    static void check(String jobId, JobPlan plan, Peers peers) {
        for (String node : plan.nodes()) {
            PeerDialect dialect = peers.dialectOf(node);
            String problem = dialect.jobIdProblem(jobId);
            if (problem != null) {
                throw ApiException.invalid("job_id", "party(" + node + " speaks " + dialect.wireName() + " and takes "
                        + "only job ids of " + problem + "; " + jobId + " is not one"
                        + (dialect == PeerDialect.FATE_FLOW ? ": set hutong.interconn.id-style=short" : "") + ")");
            }
        }
    }
}
