import { createContext, useContext, useState, type ReactNode } from 'react';
import { audiences, type Audience } from '../labels.ts';

const STORAGE_KEY = 'chorale.audience';

function stored(): Audience {
  const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return (audiences as readonly string[]).includes(value ?? '') ? (value as Audience) : 'company';
}

const AudienceContext = createContext<{ audience: Audience; setAudience: (a: Audience) => void }>({
  audience: 'company',
  setAudience: () => {},
});

export function AudienceProvider({ children }: { children: ReactNode }) {
  const [audience, set] = useState<Audience>(stored);
  const setAudience = (value: Audience) => {
    set(value);
    localStorage.setItem(STORAGE_KEY, value);
  };
  return <AudienceContext value={{ audience, setAudience }}>{children}</AudienceContext>;
}

export const useAudience = () => useContext(AudienceContext);
