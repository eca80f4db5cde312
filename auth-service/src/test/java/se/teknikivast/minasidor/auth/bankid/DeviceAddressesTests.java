package se.teknikivast.minasidor.auth.bankid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceAddressesTests {

    @ParameterizedTest(name = "browser {0}, app {1}: same device {2}")
    @CsvSource(delimiter = '|', textBlock = """
            198.51.100.4                            | 198.51.100.4                  | true
            198.51.100.4                            | ::ffff:198.51.100.4           | true
            ::ffff:198.51.100.4                     | 198.51.100.4                  | true
            198.51.100.4                            | 198.51.100.5                  | false
            2001:db8:7:1::10                        | 2001:0db8:0007:0001:0:0:0:10  | true
            2001:db8:7:1::10                        | 2001:DB8:7:1:abcd:ef01:2:3    | true
            [2001:db8:7:1::10]                      | 2001:db8:7:1::99              | true
            2001:db8:7:1::10                        | 2001:db8:7:2::10              | false
            2001:db8:7:1::10                        | 198.51.100.4                  | false
            198.51.100.4                            | ''                            | false
            ''                                      | ''                            | false
            example.org                             | example.org                   | false
            """)
    void ipv4ComparesByAddressAndIpv6ByItsSlash64(String endUserIp, String deviceIp, boolean same) {
        assertThat(DeviceAddresses.same(endUserIp, deviceIp)).isEqualTo(same);
    }
}
