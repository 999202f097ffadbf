/**
 * The BFIA transport layer (传输层): algorithm containers exchange messages with their peers'
 * containers through their own nodes ({@code /v1/interconn/chan/push|pop|peek|release}), and nodes
 * hand them to each other ({@code /v1/interconn/chan/invoke}). It speaks Kuscia's wire (raw bytes,
 * {@code x-ptp-*} headers, a protobuf {@code TransportOutbound} answer) and the standard's JSON form.
 * {@link io.hutong.transport.SessionGuard} is what another feature provides to it.
 */
package io.hutong.transport;
