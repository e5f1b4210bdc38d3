/**
 * Reliability harnesses: the server jar, the simulated nodes and HAProxy as real processes on 127.0.0.1, driven
 * through HTTP and checked against PostgreSQL and the nodes' own pRPC answers.
 */
package io.opencvm.reliability;
