/**
 * The shared kernel every feature may use: who this node is ({@link io.hutong.core.NodeProperties})
 * and the one {@link java.time.Clock} all time computations read.
 */
package io.hutong.core;
