/**
 * DeepBrainChain GPU machines through users' dbc_clients: a connector for the real dbc_client
 * API with sr25519-signed requests, VM lifecycles persisted and followed, and a gateway that
 * serves the dbc_client API itself. {@link io.hutong.dbc.DbcMachines} and
 * {@link io.hutong.dbc.DbcVms} are what other features (the compute catalog) call;
 * {@link io.hutong.dbc.DbcVmStatusChanged} announces every status a VM takes.
 */
package io.hutong.dbc;
