import { finding, type Finding } from '../validation/finding.ts';

const ENCODING_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const SUPPORTED: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'iso-8859-1': 'latin1',
  'iso-8859-15': 'iso-8859-15',
  latin1: 'latin1',
  'windows-1252': 'windows-1252',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
};

export interface DecodedXml {
  readonly text: string;
  readonly findings: Finding[];
}

/**
 * Turns bytes into text following the BOM and the XML declaration. An illegal or unknown
 * encoding name is reported (fatal: strict parsers reject the file) and the bytes are then read
 * as UTF-8, so that the rest of the file can still be examined.
 */
export function decodeXml(bytes: Uint8Array): DecodedXml {
  const findings: Finding[] = [];
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), findings };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), findings };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const head = new TextDecoder('latin1').decode(body.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
  let label = 'utf-8';
  if (declared !== undefined) {
    const known = SUPPORTED[declared.toLowerCase()];
    if (!ENCODING_NAME.test(declared)) {
      findings.push(
        finding(
          'xml',
          'XML-ENCODING',
          'fatal',
          '/',
          `La déclaration XML annonce l'encodage « ${declared} », qui n'est pas un nom d'encodage valide : écrivez encoding="UTF-8".`,
          `The XML declaration names the encoding "${declared}", which is not a legal encoding name: write encoding="UTF-8".`,
        ),
      );
    } else if (known === undefined) {
      findings.push(
        finding(
          'xml',
          'XML-ENCODING',
          'fatal',
          '/',
          `Encodage « ${declared} » non pris en charge : enregistrez le fichier en UTF-8.`,
          `Unsupported encoding "${declared}": save the file as UTF-8.`,
        ),
      );
    } else if (!hasBom) {
      label = known;
    }
  }
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: label === 'utf-8' }).decode(body);
  } catch {
    findings.push(
      finding(
        'xml',
        'XML-ENCODING',
        'fatal',
        '/',
        "Le fichier contient des octets qui ne sont pas de l'UTF-8 valide : enregistrez-le en UTF-8.",
        'The file contains bytes that are not valid UTF-8: save it as UTF-8.',
      ),
    );
    text = new TextDecoder('utf-8').decode(body);
  }
  // The parser re-checks the declaration; the encoding has been dealt with here.
  if (declared !== undefined) text = text.replace(/^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']/, '$1');
  return { text, findings };
}
