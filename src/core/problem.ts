// Something wrong in a file the user (or conda) wrote: where, and what. Reported, never thrown.
export interface Problem {
  file: string;
  line?: number;
  message: string;
}
