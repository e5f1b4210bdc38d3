/** Nodes (teepods): registration, reachability, images and capacity reservations. */
package io.opencvm.node;
