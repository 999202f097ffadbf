/**
 * The operator's console at {@code /console}: pages rendered on the server (Thymeleaf, htmx, live
 * updates over server-sent events) for the jobs, approvals and the other features of the node,
 * behind a login with an API token. It calls the other features through their public types only.
 */
package io.hutong.console;
