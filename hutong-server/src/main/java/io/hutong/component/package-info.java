/**
 * The registry of algorithm components (BFIA §5.8 and §6.1–6.5): what a DAG's components resolve
 * to, which roles they support, their inputs, outputs and parameters, and the image that runs them.
 */
package io.hutong.component;
