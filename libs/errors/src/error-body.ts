/** The one shape of every error the API returns. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageZh: string;
    field?: string;
    /** Present on unexpected errors: quote it to operators, who find it in the logs. */
    errorId?: string;
    details?: { field: string; code: string; message: string }[];
  };
}
