/**
 * The demo: two real events in Islamabad, from the public record (titles, dates, hosts, partners,
 * speakers and what they spoke). Everything marked SAMPLE is not in the record — session times, rooms,
 * precedence ranks, which countries came, capacities, quotas, the launch date and the registrants — and is
 * shown as sample data. (Kept here because the shared fixtures are not part of the project.) The tests'
 * fixture, test/fixtures/islamabad-2025.ts, is derived from this module; src/demo/README.md says how.
 */
export type OrgKey = keyof typeof organisations;

export const organisations = {
  gop: { name: 'Government of Pakistan', acronym: 'GoP', kind: 'government', countryCode: 'PK' },
  moi: { name: 'Ministry of Interior & Narcotics Control', acronym: 'MoI', kind: 'government', countryCode: 'PK' },
  mofa: { name: 'Ministry of Foreign Affairs', acronym: 'MoFA', kind: 'government', countryCode: 'PK' },
  unodc: { name: 'United Nations Office on Drugs and Crime', acronym: 'UNODC', kind: 'un_agency', countryCode: null },
  iom: { name: 'International Organization for Migration', acronym: 'IOM', kind: 'un_agency', countryCode: null },
  mptf: { name: 'Migration Multi-Partner Trust Fund', acronym: 'Migration MPTF', kind: 'donor', countryCode: null },
  eu: { name: 'European Union', acronym: 'EU', kind: 'intergovernmental', countryCode: null },
  interpol: { name: 'International Criminal Police Organization', acronym: 'INTERPOL', kind: 'intergovernmental', countryCode: null },
  frontex: { name: 'European Border and Coast Guard Agency', acronym: 'FRONTEX', kind: 'intergovernmental', countryCode: null },
  icmpd: { name: 'International Centre for Migration Policy Development', acronym: 'ICMPD', kind: 'intergovernmental', countryCode: null },
  unpk: {
    name: "United Nations in Pakistan (Resident Coordinator's Office)",
    acronym: 'UN Pakistan',
    kind: 'un_agency',
    countryCode: 'PK',
  },
} as const;

export interface DemoSpeaker {
  key: string;
  honorific: string;
  fullName: string;
  position: string;
  org: OrgKey | null;
  /** SAMPLE protocol rank: lower speaks first. */
  precedence: number;
}

export interface DemoSession {
  day: string;
  start: string;
  end: string;
  kind: string;
  title: string;
  room: string;
  description?: string;
  speakers?: { key: string; role: string }[];
}

export interface DemoEvent {
  slug: string;
  title: string;
  description: string;
  startDate: string;
  endDate: string;
  timezone: string;
  venue: string;
  city: string;
  countryCode: string;
  capacity: number;
  partners: { org: OrgKey; role: 'host' | 'co_organiser' | 'funder' | 'partner' }[];
  speakers: DemoSpeaker[];
  sessions: DemoSession[];
  countryDelegations: string[];
  organisationDelegations: OrgKey[];
  delegationQuota: number;
}

/** A local time in Islamabad as an ISO instant: Asia/Karachi is +05:00 all year (no daylight saving time). */
export const karachi = (day: string, time: string) => `${day}T${time}:00+05:00`;

export const SERIES_NAME = 'Countering the smuggling of migrants: Pakistan and partners';

export const DEMO_ORGANISER = { email: 'organiser@demo.plenary.test', password: 'demo-organiser-2025', fullName: 'Demo Organiser' };

/** The conference's other staff, each with the one event role that shows their part of the console. */
export const DEMO_STAFF = [
  { email: 'rapporteur@demo.plenary.test', password: 'demo-rapporteur-2025', fullName: 'Demo Rapporteur', role: 'rapporteur' },
  { email: 'checkin@demo.plenary.test', password: 'demo-checkin-2025', fullName: 'Demo Check-in Desk', role: 'checkin' },
] as const;

export const conference: DemoEvent = {
  slug: 'cosom-islamabad-2025',
  title: 'International Conference on Countering the Smuggling of Migrants',
  description:
    'Senior officials and experts from more than 30 countries, and representatives of INTERPOL, FRONTEX, ICMPD and other national and international institutions. (Demo: session times, rooms, delegations and registrants are sample data.)',
  startDate: '2025-11-26',
  endDate: '2025-11-27',
  timezone: 'Asia/Karachi',
  venue: 'Conference venue (sample)',
  city: 'Islamabad',
  countryCode: 'PK',
  capacity: 300,
  partners: [
    { org: 'gop', role: 'host' },
    { org: 'unodc', role: 'co_organiser' },
    { org: 'iom', role: 'co_organiser' },
    { org: 'mptf', role: 'funder' },
    { org: 'eu', role: 'funder' },
  ],
  speakers: [
    {
      key: 'chaudhry',
      honorific: 'Mr',
      fullName: 'Talal Chaudhry',
      position: 'State Minister of Interior & Narcotics Control',
      org: 'moi',
      precedence: 1,
    },
    { key: 'munir', honorific: 'Ambassador', fullName: 'Nabeel Munir', position: 'Acting Foreign Secretary', org: 'mofa', precedence: 2 },
    {
      key: 'gross',
      honorific: 'Mr',
      fullName: 'Philipp Oliver Gross',
      position: 'Deputy Head of the European Union Delegation to Pakistan',
      org: 'eu',
      precedence: 3,
    },
    { key: 'stolpe', honorific: 'Dr', fullName: 'Oliver Stolpe', position: 'UNODC Regional Representative', org: 'unodc', precedence: 4 },
    { key: 'sato', honorific: 'Ms', fullName: 'Mio Sato', position: 'IOM Pakistan Chief of Mission', org: 'iom', precedence: 5 },
    {
      key: 'grandet',
      honorific: 'Mr',
      fullName: 'Philippe Grandet',
      position: 'Head of the Migration MPTF Management Unit',
      org: 'mptf',
      precedence: 6,
    },
  ],
  sessions: [
    {
      day: '2025-11-26',
      start: '09:30',
      end: '10:30',
      kind: 'opening',
      title: 'Opening session',
      room: 'Main hall',
      speakers: [
        { key: 'gross', role: 'speaker' },
        { key: 'munir', role: 'speaker' },
        { key: 'stolpe', role: 'speaker' },
        { key: 'sato', role: 'speaker' },
      ],
    },
    { day: '2025-11-26', start: '10:30', end: '11:00', kind: 'break', title: 'Coffee break', room: 'Foyer' },
    { day: '2025-11-26', start: '11:00', end: '12:30', kind: 'panel', title: 'Emerging trends in migrant smuggling', room: 'Main hall' },
    {
      day: '2025-11-26',
      start: '14:00',
      end: '15:30',
      kind: 'panel',
      title: 'Operational challenges and whole-of-route cooperation',
      room: 'Main hall',
    },
    {
      day: '2025-11-27',
      start: '09:30',
      end: '11:00',
      kind: 'workshop',
      title: 'Thematic commitments: fraudulent documentation and digitally enabled smuggling',
      room: 'Room A',
    },
    {
      day: '2025-11-27',
      start: '11:30',
      end: '13:00',
      kind: 'workshop',
      title: 'Thematic commitments: border vulnerabilities and victim-centred protection',
      room: 'Room A',
    },
    {
      day: '2025-11-27',
      start: '14:30',
      end: '15:30',
      kind: 'closing',
      title: 'Closing session',
      room: 'Main hall',
      speakers: [
        { key: 'grandet', role: 'speaker' },
        { key: 'chaudhry', role: 'keynote' },
      ],
    },
  ],
  countryDelegations: [
    'PK',
    'AF',
    'IR',
    'TR',
    'GR',
    'IT',
    'DE',
    'FR',
    'ES',
    'NL',
    'BE',
    'AT',
    'HU',
    'BG',
    'RO',
    'LY',
    'EG',
    'AE',
    'SA',
    'QA',
    'OM',
    'BD',
    'LK',
    'IN',
    'NP',
    'CN',
    'MY',
    'ID',
    'TH',
    'GB',
    'US',
    'CA',
  ],
  organisationDelegations: ['interpol', 'frontex', 'icmpd'],
  delegationQuota: 5,
};

export const launch: DemoEvent = {
  slug: 'unnm-launch-islamabad',
  title: 'Launch of the Pakistan United Nations Network on Migration',
  description:
    "The launch included the inauguration of Pakistan's first Migration Multi-Partner Trust Fund programme, implemented jointly by IOM and UNODC. (Demo: the date and times are sample data; they are not in the record.)",
  startDate: '2025-12-10',
  endDate: '2025-12-10',
  timezone: 'Asia/Karachi',
  venue: 'UN offices (sample)',
  city: 'Islamabad',
  countryCode: 'PK',
  capacity: 120,
  partners: [
    { org: 'unpk', role: 'host' },
    { org: 'iom', role: 'co_organiser' },
    { org: 'unodc', role: 'co_organiser' },
    { org: 'mptf', role: 'funder' },
  ],
  speakers: [
    {
      key: 'yahya',
      honorific: 'Mr',
      fullName: 'Mohamed Yahya',
      position: 'United Nations Resident Coordinator in Pakistan',
      org: 'unpk',
      precedence: 1,
    },
    {
      key: 'ali',
      honorific: 'Mr',
      fullName: 'Moazzam Ali',
      position: 'Pakistani migrant who returned voluntarily from Romania',
      org: null,
      precedence: 2,
    },
  ],
  sessions: [
    {
      day: '2025-12-10',
      start: '10:00',
      end: '11:00',
      kind: 'opening',
      title: 'Launch of the Pakistan UN Network on Migration and inauguration of the Migration MPTF programme',
      room: 'Main hall',
      speakers: [
        { key: 'yahya', role: 'speaker' },
        { key: 'ali', role: 'speaker' },
      ],
    },
    {
      day: '2025-12-10',
      start: '11:15',
      end: '12:30',
      kind: 'panel',
      title: 'Enhancing whole-of-government migration governance in the age of complex mobility dynamics and emerging global challenges',
      room: 'Main hall',
      description: 'Representatives of the Government of Pakistan, IOM and civil society organisations.',
    },
  ],
  countryDelegations: [],
  organisationDelegations: [],
  delegationQuota: 5,
};

/** SAMPLE registrants of the conference (example.org addresses; the first of a delegation heads it). */
export const sampleRegistrations: {
  delegation?: string;
  email: string;
  honorific?: string;
  givenName: string;
  familyName: string;
  jobTitle?: string;
  organisation?: string;
  nationality?: string;
  category?: string;
}[] = [
  {
    delegation: 'PK',
    email: 'head.pk@demo.example.org',
    honorific: 'Mr',
    givenName: 'Imran',
    familyName: 'Qureshi',
    jobTitle: 'Additional Secretary',
    organisation: 'Ministry of Interior & Narcotics Control',
    nationality: 'PK',
  },
  {
    delegation: 'PK',
    email: 'ayesha.khan@demo.example.org',
    honorific: 'Ms',
    givenName: 'Ayesha',
    familyName: 'Khan',
    jobTitle: 'Deputy Director',
    organisation: 'Federal Investigation Agency',
    nationality: 'PK',
  },
  {
    delegation: 'EG',
    email: 'head.eg@demo.example.org',
    honorific: 'Dr',
    givenName: 'منى',
    familyName: 'عبد الرحمن',
    jobTitle: 'Counsellor',
    organisation: 'Ministry of Foreign Affairs',
    nationality: 'EG',
  },
  {
    delegation: 'INTERPOL',
    email: 'head.interpol@demo.example.org',
    honorific: 'Mr',
    givenName: 'Luca',
    familyName: 'Bianchi',
    jobTitle: 'Criminal Intelligence Officer',
    organisation: 'INTERPOL',
  },
  {
    email: 'observer@demo.example.org',
    honorific: 'Ms',
    givenName: 'Sara',
    familyName: 'Lindqvist',
    jobTitle: 'Researcher',
    organisation: 'Civil society',
    category: 'observer',
  },
];

/** The delegations that get a head of delegation (invited by mail, with their code). */
export const delegationHeads: Record<string, { email: string; givenName: string; familyName: string }> = {
  PK: { email: 'head.pk@demo.example.org', givenName: 'Imran', familyName: 'Qureshi' },
  EG: { email: 'head.eg@demo.example.org', givenName: 'منى', familyName: 'عبد الرحمن' },
  INTERPOL: { email: 'head.interpol@demo.example.org', givenName: 'Luca', familyName: 'Bianchi' },
};

/** The conference's outcome statement (the commitments as in the public record; the wording is a sample). */
export const outcomeStatement = {
  kind: 'outcome_statement',
  title: 'Islamabad Outcome Statement on Countering the Smuggling of Migrants',
  body: [
    '# Outcome statement',
    '',
    'Meeting in Islamabad on 26–27 November 2025, participating governments, international organisations and civil society reviewed progress since the 2024 Regional Cooperation Workshop and agreed on the following.',
    '',
    '## Key outcomes',
    '',
    '- An informal **Peer-to-Peer Network** of practitioners, for real-time cooperation.',
    '- A mapping of national and regional challenges, to guide cooperation.',
    '- Thematic commitments on fraudulent documentation, digitally enabled smuggling, border vulnerabilities and victim-centred protection.',
    '',
    '## Frameworks',
    '',
    'The commitments build on the United Nations Convention against Transnational Organized Crime and its supplementary protocols, and on Objective 9 of the Global Compact for Safe, Orderly and Regular Migration.',
  ].join('\n'),
  commitments: [
    {
      theme: 'Cooperation',
      text: 'Establish an informal Peer-to-Peer Network to facilitate real-time cooperation among practitioners.',
      leads: ['UNODC', 'IOM'],
      status: 'endorsed',
    },
    { theme: 'Cooperation', text: 'Map national and regional challenges to guide cooperation.', leads: ['UNODC'], status: 'endorsed' },
    {
      theme: 'Fraudulent documentation',
      text: 'Strengthen the detection of fraudulent travel and identity documents.',
      leads: ['INTERPOL', 'FRONTEX'],
      status: 'endorsed',
    },
    {
      theme: 'Digitally enabled smuggling',
      text: 'Address the online recruitment and advertising of smuggling services.',
      leads: ['UNODC'],
      status: 'endorsed',
    },
    {
      theme: 'Border vulnerabilities',
      text: 'Reduce vulnerabilities at borders exploited by smuggling networks.',
      leads: ['ICMPD', 'FRONTEX'],
      status: 'endorsed',
    },
    {
      theme: 'Victim-centred protection',
      text: 'Put the protection of smuggled migrants and victims at the centre of responses.',
      leads: ['IOM'],
      status: 'endorsed',
    },
  ],
} as const;

/**
 * SAMPLE passport data of the conference's delegation members (issue 18), keyed by email: fake numbers
 * (DEMO…), stored encrypted through IdentityService only when DATA_ENCRYPTION_KEY is set (README.md). A
 * visa letter is asked for by those who travel to Pakistan; Pakistanis need none.
 */
export const demoPassports: Record<
  string,
  { passportNumber: string; issuingCountry: string; dateOfBirth: string; passportExpiry: string; needsVisaLetter: boolean }
> = {
  'head.pk@demo.example.org': {
    passportNumber: 'DEMOPK1001',
    issuingCountry: 'PK',
    passportExpiry: '2034-12-31',
    dateOfBirth: '1971-03-14',
    needsVisaLetter: false,
  },
  'ayesha.khan@demo.example.org': {
    passportNumber: 'DEMOPK1002',
    issuingCountry: 'PK',
    passportExpiry: '2034-12-31',
    dateOfBirth: '1985-09-02',
    needsVisaLetter: false,
  },
  'head.eg@demo.example.org': {
    passportNumber: 'DEMOEG2001',
    issuingCountry: 'EG',
    passportExpiry: '2034-12-31',
    dateOfBirth: '1978-11-21',
    needsVisaLetter: true,
  },
  'head.interpol@demo.example.org': {
    passportNumber: 'DEMOIT3001',
    issuingCountry: 'IT',
    passportExpiry: '2034-12-31',
    dateOfBirth: '1982-06-30',
    needsVisaLetter: true,
  },
};

/** The conference's visa letter template (SAMPLE wording and signatory). */
export const visaLetter = {
  body:
    'The Ministry of Foreign Affairs of Pakistan confirms that {{fullName}}, holder of passport number {{passportNumber}} issued by ' +
    '{{passportIssuingCountry}}, is an accredited participant in the {{eventTitle}}, {{city}}, {{eventDates}}. The Ministry requests ' +
    'the competent authorities to issue the appropriate visa. (Demo: a sample letter.)',
  signatoryName: 'Amb. Farah Siddiqui',
  signatoryTitle: 'Director General (UN & Conferences), Ministry of Foreign Affairs',
};
