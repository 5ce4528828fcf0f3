package dev.outpost.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** Queries the DNS front end on loopback: through dnsjava's resolver, or as raw packets. */
final class DnsClient {
    static final InetAddress LOOPBACK = address("127.0.0.1");

    private DnsClient() {}

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Message query(String name, int type) {
        return query(name, type, DClass.IN);
    }

    static Message query(String name, int type, int dclass) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, dclass));
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A dnsjava resolver for the server: EDNS as dnsjava sends it, truncated answers retried over TCP. */
    static SimpleResolver resolver(int port, boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(LOOPBACK, port));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(10));
        return resolver;
    }

    static Message ask(int port, String name, int type, boolean tcp) throws IOException {
        return resolver(port, tcp).send(query(name, type));
    }

    /** One UDP packet from {@code local}, and the answer, or null if none came within {@code wait}. */
    static byte[] udp(int port, byte[] packet, InetAddress local, Duration wait) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.send(new DatagramPacket(packet, packet.length, LOOPBACK, port));
            byte[] buffer = new byte[65535];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] bytes = new byte[answer.getLength()];
            System.arraycopy(buffer, 0, bytes, 0, bytes.length);
            return bytes;
        }
    }

    /** A TCP connection from {@code local} that sends queries and reads answers in turn (RFC 7766 framing). */
    static final class Tcp implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Tcp(int port, InetAddress local) throws IOException {
            socket = new Socket();
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        Message ask(Message query) throws IOException {
            return new Message(exchange(query.toWire()));
        }

        byte[] exchange(byte[] message) throws IOException {
            send(message);
            return receive();
        }

        /** Length and message in one write, so that neither waits for the other's acknowledgement. */
        void send(byte[] message) throws IOException {
            byte[] frame = new byte[message.length + 2];
            frame[0] = (byte) (message.length >>> 8);
            frame[1] = (byte) message.length;
            System.arraycopy(message, 0, frame, 2, message.length);
            out.write(frame);
            out.flush();
        }

        byte[] receive() throws IOException {
            int length = in.readUnsignedShort();
            byte[] answer = new byte[length];
            in.readFully(answer);
            return answer;
        }

        /** Whether the server has closed the connection: the next read finds its end. */
        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
