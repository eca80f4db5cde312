package se.teknikivast.minasidor.architecture.cyclic.b;

import se.teknikivast.minasidor.architecture.cyclic.a.First;

public class Second {
    First first;
}
