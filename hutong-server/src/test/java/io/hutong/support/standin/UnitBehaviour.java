package io.hutong.support.standin;

import java.time.Duration;

/**
 * What a stand-in's own share of a task does once started: succeed or fail after a delay, or run
 * until it is stopped (it then reads FAILED, as a killed container does).
 */
public record UnitBehaviour(Outcome outcome, Duration after) {

    public enum Outcome { SUCCEED, FAIL, HANG }

    public static UnitBehaviour succeedAfter(Duration after) {
        return new UnitBehaviour(Outcome.SUCCEED, after);
    }

    public static UnitBehaviour failAfter(Duration after) {
        return new UnitBehaviour(Outcome.FAIL, after);
    }

    public static UnitBehaviour hang() {
        return new UnitBehaviour(Outcome.HANG, Duration.ZERO);
    }
}
