/**
 * Users of a node and their API tokens: the {@code token} header every user-facing API checks,
 * and the admin API that manages both.
 */
package io.hutong.account;
