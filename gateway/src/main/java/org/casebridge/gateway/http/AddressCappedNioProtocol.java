package org.casebridge.gateway.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's HTTP/1.1 NIO connector, except that one client address may hold only so many open
 * connections: beyond them a new connection is closed as soon as it is accepted, before a worker
 * thread or a buffer is spent on it. Public with a public constructor because Tomcat creates the
 * protocol from its class name.
 */
public final class AddressCappedNioProtocol extends Http11NioProtocol {

    public AddressCappedNioProtocol() {
        super(new Endpoint());
    }

    void setMaxConnectionsPerAddress(int max) {
        ((Endpoint) getEndpoint()).max = max;
    }

    int connections(InetAddress address) {
        return ((Endpoint) getEndpoint()).perAddress.count(address);
    }

    private static final class Endpoint extends NioEndpoint {

        private final ConnectionsPerAddress perAddress = new ConnectionsPerAddress();
        private volatile int max = Integer.MAX_VALUE;

        Endpoint() {
            connections = perAddress;
        }

        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            InetAddress address = remoteAddress(socket);
            if (address != null) {
                if (!perAddress.admit(socket, address, max)) {
                    // Handled: closed and uncounted here, so the acceptor has nothing left to do.
                    destroySocket(socket);
                    return true;
                }
            }
            boolean configured = super.setSocketOptions(socket);
            if (!configured && !perAddress.containsKey(socket)) {
                perAddress.release(socket);
            }
            return configured;
        }

        private static InetAddress remoteAddress(SocketChannel socket) {
            try {
                return socket.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
            } catch (IOException gone) {
                return null;
            }
        }
    }
}
