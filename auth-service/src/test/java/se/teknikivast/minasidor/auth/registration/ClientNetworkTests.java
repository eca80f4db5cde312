package se.teknikivast.minasidor.auth.registration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientNetworkTests {

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2001:db8:5:64::1                         | v6:20010db800050064/64
            2001:db8:5:64:ffff:ffff:ffff:ffff        | v6:20010db800050064/64
            2001:0db8:0005:0064:0000:0000:0000:0abc  | v6:20010db800050064/64
            [2001:db8:5:64::2]                       | v6:20010db800050064/64
            fe80::1%eth0                             | v6:fe80000000000000/64
            2001:db8:5:65::1                         | v6:20010db800050065/64
            198.51.100.7                             | v4:198.51.100.7
            ::ffff:198.51.100.7                      | v4:198.51.100.7
            example.org                              | unknown
            ''                                       | unknown
            """)
    void ipv6AddressesCountByTheirSlash64AndIpv4ByAddress(String address, String network) {
        assertThat(ClientNetwork.of(address)).isEqualTo(network);
    }
}
