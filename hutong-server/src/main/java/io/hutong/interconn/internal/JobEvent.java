package io.hutong.interconn.internal;

/**
 * Everything that can happen to a job, with who may make it happen. The caller is the node the
 * move comes from, as verified: a peer over a signed east-west call, or this node itself.
 */
enum JobEvent {
    /** §3.1 a repeated job/create_all, at the scheduler; the first one makes the job. */
    CREATE_ALL(Mover.INITIATOR),
    /** §3.2 a repeated job/create; the first one makes the job. */
    CREATE(Mover.SCHEDULER),
    /** This node's own approval or rejection, by its policy or a person. */
    DECIDE(Mover.THIS_NODE),
    /** §3.10 a party's approval or rejection, at the scheduler. */
    AUDIT_CONFIRM(Mover.PARTY_ITSELF),
    /** §3.3 at a party. */
    START(Mover.SCHEDULER),
    /** §3.4 at a party. */
    TASK_START(Mover.SCHEDULER),
    /** §3.9 callback or §3.8 poll answer: a unit's state, at the scheduler. */
    UNIT_REPORT(Mover.UNIT_NODE),
    /** One of this node's units ended (its component's callback, its exit, a failed launch). */
    UNIT_ENDED(Mover.THIS_NODE),
    /** §3.5 stop the job or a task and its downstream, at the scheduler. */
    STOP_ALL(Mover.PARTY),
    /** §3.6 at a party: the scheduler stopped tasks, or ended the job. */
    STOP(Mover.SCHEDULER),
    /** Kuscia's task/stop at a party: that task stops, nothing downstream. */
    TASK_STOP(Mover.SCHEDULER),
    /** What a scheduler that announces no outcome (Kuscia) reports of its tasks: the job may have ended. */
    SCHEDULER_STATUS(Mover.THIS_NODE),
    /** The outbox gave up a message of the job: the peer kept refusing it. */
    MESSAGE_GIVEN_UP(Mover.THIS_NODE),
    /** The job waited for approvals longer than {@code hutong.interconn.approval-timeout}. */
    APPROVAL_TIMEOUT(Mover.THIS_NODE),
    /** A task ran longer than its {@code task_timeout}. */
    TASK_TIMEOUT(Mover.THIS_NODE);

    final Mover mover;

    JobEvent(Mover mover) {
        this.mover = mover;
    }

    /** Who may make a move of a job. */
    enum Mover {
        /** The job's scheduler. */
        SCHEDULER,
        /** The job's initiator. */
        INITIATOR,
        /** Any party of the job. */
        PARTY,
        /** A party, about its own decision. */
        PARTY_ITSELF,
        /** The node of the unit the move is about. */
        UNIT_NODE,
        /** Only this node: its people, its policy, its processes, its timers. */
        THIS_NODE
    }
}
