/**
 * Resource packs of the INFINITE API: users' purchased compute, its nodes, time accounting and
 * usage records. {@link io.hutong.pack.Packs} is what other features call;
 * {@link io.hutong.pack.PackOutOfTime} tells them when work on a pack must stop.
 */
package io.hutong.pack;
