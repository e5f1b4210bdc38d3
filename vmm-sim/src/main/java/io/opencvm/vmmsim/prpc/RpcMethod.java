package io.opencvm.vmmsim.prpc;

/** One pRPC method: reads its request message and returns the response message, or {@code null} for Empty. */
@FunctionalInterface
public interface RpcMethod {

    Object call(Fields request);
}
