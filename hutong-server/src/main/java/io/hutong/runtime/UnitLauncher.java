package io.hutong.runtime;

/** Where units run: launch, stop, and recognise units across restarts of the node. */
public interface UnitLauncher {

    /** Starts the unit; its end is published as a {@link UnitExited} event. */
    UnitHandle launch(UnitSpec spec);

    /** Stops a unit and everything it started. */
    void stop(UnitHandle unit);

    /**
     * After a restart of the node: follows a unit launched before it. Its end is published as a
     * {@link UnitExited}, at once if it ended while the node was down.
     */
    void recover(UnitSpec spec, UnitHandle unit);
}
