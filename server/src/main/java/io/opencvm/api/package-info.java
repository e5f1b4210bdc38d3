/** Shared HTTP concerns: the error table and envelopes, FastAPI-shaped 422s, API version selection. */
package io.opencvm.api;
