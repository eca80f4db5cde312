package se.teknikivast.minasidor.auth.registration;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * The network a client address counts for in the attempt limits: an IPv4 address as it is, an IPv6 address by its /64
 * (one customer's line gets a whole /64 and can use any address in it, so counting single addresses would count
 * nothing).
 */
public final class ClientNetwork {

    private ClientNetwork() {}

    public static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank() || remoteAddress.length() > 64) {
            return "unknown";
        }
        var literal = remoteAddress.replace("[", "").replace("]", "");
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            // A literal only (never a name lookup): Tomcat's remote address is one.
            var address = InetAddress.ofLiteral(literal);
            if (address instanceof Inet6Address) {
                return "v6:" + HexFormat.of().formatHex(address.getAddress(), 0, 8) + "/64";
            }
            return "v4:" + address.getHostAddress();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }
}
