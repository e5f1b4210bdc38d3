package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.prpc.PrpcServer;

/**
 * dstack-vmm's {@code ProxiedGuestApi} at {@code /guest}: {@code Info}, {@code SysInfo}, {@code NetworkInfo},
 * {@code ListContainers} and {@code Shutdown}, each taking {@code Id {id}} and answered by the VM's guest agent,
 * in pRPC like the rest ({@code POST /guest/Info?json}). A VM that is unknown, stopped or still booting answers the
 * VMM's 400 error ({@link GuestDirectory#reach}).
 */
public final class GuestApiService {

    private final GuestDirectory guests;
    private final Shutdown shutdown;

    /** The node's graceful shutdown, which is what the agent's {@code Shutdown} amounts to. */
    @FunctionalInterface
    public interface Shutdown {
        void shutdown(String vmId);
    }

    public GuestApiService(GuestDirectory guests, Shutdown shutdown) {
        this.guests = guests;
        this.shutdown = shutdown;
    }

    public void register(PrpcServer.Service service) {
        service.method("Info", f -> GuestViews.info(guests.reach(f.str("id"))))
                .method("SysInfo", f -> GuestViews.sysInfo(guests.reach(f.str("id"))))
                .method("NetworkInfo", f -> GuestViews.network(guests.reach(f.str("id"))))
                .method("ListContainers", f -> GuestViews.containers(guests.reach(f.str("id"))))
                .method("Shutdown", f -> {
                    guests.reach(f.str("id"));
                    shutdown.shutdown(f.str("id"));
                    return null;
                });
    }
}
