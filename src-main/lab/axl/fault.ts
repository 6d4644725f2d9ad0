/** An AXL fault the simulated server answers: AXL's code and message, SOAP fault code and HTTP status. */
export class AxlFault extends Error {
  constructor(
    readonly axlcode: number,
    message: string,
    /** `Client` for requests the server refuses as wrong (a duplicate), `Server` otherwise. */
    readonly faultcode: 'Client' | 'Server' = 'Server',
    readonly httpStatus = 500
  ) {
    super(message)
  }
}
