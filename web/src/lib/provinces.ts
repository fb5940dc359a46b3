// API.md's province codes, in the order the ministry lists them.
export const PROVINCES = [
  { code: 'PB', name: 'Punjab' },
  { code: 'SD', name: 'Sindh' },
  { code: 'KP', name: 'Khyber Pakhtunkhwa' },
  { code: 'BA', name: 'Balochistan' },
  { code: 'ICT', name: 'Islamabad Capital Territory' },
  { code: 'GB', name: 'Gilgit-Baltistan' },
  { code: 'AJK', name: 'Azad Jammu and Kashmir' },
] as const;
