package se.teknikivast.minasidor.gateway.clientip;

import java.net.InetAddress;

/** One trusted proxy: an address ({@code 10.0.0.7}) or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}). */
record AddressRange(byte[] network, int prefixLength) {

    static AddressRange parse(String value) {
        var slash = value.indexOf('/');
        var address = InetAddress.ofLiteral(slash < 0 ? value : value.substring(0, slash))
                .getAddress();
        var prefix = slash < 0 ? address.length * 8 : Integer.parseInt(value.substring(slash + 1));
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("Invalid prefix length in " + value);
        }
        return new AddressRange(address, prefix);
    }

    boolean contains(String literal) {
        byte[] candidate;
        try {
            candidate = InetAddress.ofLiteral(literal).getAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
