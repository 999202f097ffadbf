package io.hutong.support.standin;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A stand-in's own share of a task (one role of it at this node), run by a {@link UnitBehaviour}. */
final class Share {

    enum State { PENDING, RUNNING, SUCCESS, FAILED;

        boolean ended() {
            return this == SUCCESS || this == FAILED;
        }
    }

    private final String role;
    private final Runnable onEnd;
    private State state = State.PENDING;

    /** @param onEnd told once, when the share has ended by itself or by a stop */
    Share(String role, Runnable onEnd) {
        this.role = role;
        this.onEnd = onEnd;
    }

    String role() {
        return role;
    }

    synchronized State state() {
        return state;
    }

    void start(UnitBehaviour behaviour, ScheduledExecutorService timer) {
        synchronized (this) {
            if (state != State.PENDING) {
                return;
            }
            state = State.RUNNING;
        }
        if (behaviour.outcome() != UnitBehaviour.Outcome.HANG) {
            State end = behaviour.outcome() == UnitBehaviour.Outcome.SUCCEED ? State.SUCCESS : State.FAILED;
            timer.schedule(() -> end(end), behaviour.after().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A stop, or a failure before it ran: FAILED unless it has ended. */
    void fail() {
        end(State.FAILED);
    }

    private void end(State end) {
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            state = end;
        }
        onEnd.run();
    }
}
