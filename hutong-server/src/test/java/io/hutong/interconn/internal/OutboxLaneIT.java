package io.hutong.interconn.internal;

import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.node.Peers;
import io.hutong.support.FakePeer;
import io.hutong.support.NodeIT;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** One lane of the outbox (a fake peer and a job) written to as the node does, in transactions. */
abstract class OutboxLaneIT extends NodeIT {

    @Autowired
    Outbox outbox;

    @Autowired
    Peers peers;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    final String jobId = "job-" + UUID.randomUUID().toString().replace("-", "");

    /** Makes {@code peer} a peer of this node under a new id, which it returns. */
    String join(FakePeer peer) {
        String node = "lane-" + UUID.randomUUID().toString().substring(0, 8);
        peers.save(node, peer.url());
        return node;
    }

    /** Writes a stop_all of the job naming {@code task} to {@code node}, in a transaction of its own. */
    void write(String node, String task) {
        transactions.executeWithoutResult(status -> outbox.enqueue(node, new StopAll(jobId, task, null)));
    }

    /** The task names of the stop_all calls the peer received, in order. */
    List<String> received(FakePeer peer) {
        return peer.received("job/stop_all").stream()
                .map(call -> json.readTree(call.body()).path("task_name").asString()).toList();
    }
}
