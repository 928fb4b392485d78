/**
 * MAC addresses as Go's `net.ParseMAC` reads them (KubeVirt validates with it): six, eight or
 * twenty octets, written `aa:bb:…`, `aa-bb-…` or `aabb.ccdd.…`. Returns the octet count, or
 * undefined when the text is malformed.
 */
export function macOctets(text: string): number | undefined {
  const colon = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2})*$/;
  const dotted = /^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4})*$/;
  let octets: number;
  if (colon.test(text)) octets = (text.length + 1) / 3;
  else if (dotted.test(text)) octets = ((text.length + 1) / 5) * 2;
  else return undefined;
  return octets === 6 || octets === 8 || octets === 20 ? octets : undefined;
}

/** Kubernetes' IsValidPortName (IANA service names): 1–15 of [a-z0-9-], a letter, no '--', no edge '-'. */
export function isValidPortName(name: string): boolean {
  return (
    name.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--')
  );
}
