package se.teknikivast.minasidor.architecture.cyclic.a;

import se.teknikivast.minasidor.architecture.cyclic.b.Second;

public class First {
    Second second;
}
