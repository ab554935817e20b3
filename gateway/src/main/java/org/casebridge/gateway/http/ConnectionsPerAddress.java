package org.casebridge.gateway.http;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's map of open connections, which also counts them per client address: a slot is taken
 * when a connection is accepted ({@link #admit}) and given back when Tomcat removes it.
 */
final class ConnectionsPerAddress extends ConcurrentHashMap<SocketChannel, SocketWrapperBase<NioChannel>> {

    private final Map<SocketChannel, InetAddress> addresses = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    /** @return false when the address already holds {@code max} connections; the socket then takes no slot */
    boolean admit(SocketChannel socket, InetAddress address, int max) {
        AtomicBoolean admitted = new AtomicBoolean();
        counts.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            admitted.set(true);
            return now + 1;
        });
        if (admitted.get()) {
            addresses.put(socket, address);
        }
        return admitted.get();
    }

    /** Gives back the slot of a socket Tomcat never took into the map. */
    void release(SocketChannel socket) {
        InetAddress address = addresses.remove(socket);
        if (address != null) {
            counts.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    int count(InetAddress address) {
        return counts.getOrDefault(address, 0);
    }

    @Override
    public SocketWrapperBase<NioChannel> remove(Object key) {
        SocketWrapperBase<NioChannel> removed = super.remove(key);
        if (key instanceof SocketChannel socket) {
            release(socket);
        }
        return removed;
    }

    @Override
    public boolean remove(Object key, Object value) {
        boolean removed = super.remove(key, value);
        if (removed && key instanceof SocketChannel socket) {
            release(socket);
        }
        return removed;
    }

    @Override
    public void clear() {
        super.clear();
        addresses.clear();
        counts.clear();
    }
}
