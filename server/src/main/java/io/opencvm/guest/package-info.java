/**
 * What runs inside a CVM, read through its node only: containers, console and container logs, system and network
 * figures, runtime config. A node that is slow or gone gives an answer that says so, never an error.
 */
package io.opencvm.guest;
