/**
 * The compute catalog of the interop platform API: one normalized catalog of offers across
 * providers (a cloud catalog file, DBC machines, the caller's resource packs, this node and its
 * peers), explainable matching and ranking, task templates, and the execution of a chosen path
 * (a training on a pack, a DBC VM, a BFIA job). Other features are reached through their public
 * types and events only.
 */
package io.hutong.catalog;
