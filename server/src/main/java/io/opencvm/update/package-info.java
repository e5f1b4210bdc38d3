/**
 * Day two: changing a deployed CVM. An update is a new app revision (compose hash) plus the CVM's new desired spec
 * and its {@code update} operation, written in one transaction; the node is changed with dstack's {@code UpdateVm}.
 * A rollout (opencvm's own extension) runs that update on an app's instances one at a time.
 */
package io.opencvm.update;
