/**
 * The third-party services FATE Flow 1.11 sites register: site signatures and their verification,
 * client authentication, permission checks, and the ApiReader feature service (upload, query,
 * download). FATE Flow calls {@code api/}'s FATE controllers; operators manage keys, apps, grants
 * and datasets through the admin API.
 */
package io.hutong.fate;
