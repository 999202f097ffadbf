/**
 * BFIA jobs and tasks: the scheduler (coordinator) and participant of the interconnection control
 * layer, its east-west and north-south APIs, approval, and the outbox that carries every message
 * to the other nodes. {@link io.hutong.interconn.BfiaJobs} is what other features call.
 */
package io.hutong.interconn;
